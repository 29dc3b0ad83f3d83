import { FileSearchOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { MyQuoteDetailPage, MyQuotesPage, NewQuotePage, QuoteDetailPage, QuoteListPage } from './QuotePages';

export const adminRoutes: AdminRoute[] = [
  { path: 'quotes', element: <QuoteListPage />, roles: ['admin', 'sales'], menu: { label: 'quotes.menu', icon: <FileSearchOutlined />, group: 'orders', order: 2 } },
  { path: 'quotes/:id', element: <QuoteDetailPage />, roles: ['admin', 'sales'] },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'quotes', element: <MyQuotesPage />, meLink: { label: 'quotes.meLink', icon: <FileSearchOutlined />, order: 25 } },
  { path: 'quotes/new', element: <NewQuotePage /> },
  { path: 'quotes/:id', element: <MyQuoteDetailPage /> },
];
