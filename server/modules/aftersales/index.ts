import type { OrdoModule } from '../../lib/module';
import { aftersalesRoutes } from './routes';
import { discrepancyHandler } from './detail';
import { seedAftersalesDemo } from './seed';
import './tables';
import './messages';

/** After-sales (售后, issue 14): returns, refunds, exchanges and reissues against shipped order lines. */
export const aftersalesModule: OrdoModule = {
  name: 'aftersales',
  routes: aftersalesRoutes,
  outboxHandlers: ({ config }) => [discrepancyHandler(() => config.timeZone)],
  seedDemo: seedAftersalesDemo,
};
export { createRequest, requestOptions, qtyText } from './requests';
export { applyAftersalesEvent } from './engine';
export { aftersalesTodo } from './complaints';
export { setPromotionShare, type PromotionShare } from './refund-share';
export { AFTERSALES_TRANSITIONS, allowedAftersalesEvents } from './transitions-table';
