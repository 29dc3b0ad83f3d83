import { AccountBookOutlined, AuditOutlined, BankOutlined, FileTextOutlined, FundOutlined, TransactionOutlined, WalletOutlined } from '@ant-design/icons';
import type { AdminRoute, PortalRoute } from '../lib/registry';
import { AccountsPage } from './AccountsPage';
import { BalancePage } from './BalancePage';
import { FinanceQueuePage, PaymentsPage } from './FinanceQueuePage';
import { MyStatementsPage } from './MyStatementsPage';
import { PayPage, ToPayPage } from './PayPage';
import { AgingPage, StatementsPage } from './StatementsPage';

const FINANCE: AdminRoute['roles'] = ['admin', 'finance'];
const READERS: AdminRoute['roles'] = ['admin', 'finance', 'sales'];

export const adminRoutes: AdminRoute[] = [
  { path: 'finance/queue', element: <FinanceQueuePage />, menu: { label: 'pay.menu.queue', icon: <AuditOutlined />, group: 'finance', order: 1 }, roles: FINANCE },
  { path: 'finance/payments', element: <PaymentsPage />, menu: { label: 'pay.menu.payments', icon: <TransactionOutlined />, group: 'finance', order: 2 }, roles: READERS },
  { path: 'finance/accounts', element: <AccountsPage />, menu: { label: 'pay.menu.accounts', icon: <BankOutlined />, group: 'finance', order: 3 }, roles: READERS },
  { path: 'finance/statements', element: <StatementsPage />, menu: { label: 'pay.menu.statements', icon: <FileTextOutlined />, group: 'finance', order: 4 }, roles: READERS },
  { path: 'finance/aging', element: <AgingPage />, menu: { label: 'pay.menu.aging', icon: <FundOutlined />, group: 'finance', order: 5 }, roles: READERS },
];

export const portalRoutes: PortalRoute[] = [
  { path: 'pay', element: <ToPayPage />, meLink: { label: 'pay.me.toPay', icon: <WalletOutlined />, order: 20 } },
  { path: 'pay/:orderId', element: <PayPage /> },
  { path: 'account/balance', element: <BalancePage />, meLink: { label: 'pay.me.balance', icon: <AccountBookOutlined />, order: 21 } },
  { path: 'statements', element: <MyStatementsPage />, meLink: { label: 'pay.me.statements', icon: <FileTextOutlined />, order: 22 } },
];
