import type { OrdoModule } from '../../lib/module';
import { marketingRoutes } from './routes';
import { seedFundsDemo, seedMarketingDemo } from './seed';
import { expirePoints, fundsHandler } from './funds';
import './tables';

/** Marketing (营销): promotions and coupons, one pricing step after the customer's price, redeemed at submission. */
export const marketingModule: OrdoModule = {
  name: 'marketing',
  routes: marketingRoutes,
  seedDemo: seedMarketingDemo,
  seedDemoLast: seedFundsDemo,
  outboxHandlers: ({ config }) => [fundsHandler(() => config.timeZone)],
  jobs: ({ database, config }) => [{ name: 'marketing.points-expiry', everyMs: 6 * 60 * 60_000, run: () => expirePoints(database.db, config.timeZone) }],
};
export type { FundsChoice, FundsSettings } from './funds-step';
export { loadContext, loadContextWith, priceMarketingWith } from './apply';
export { priceMarketing, explain, submissionPlan, marketingActive, marketingChanged, type CouponChoice, type PricedInput, type Explained, type SubmissionPlan } from './apply';
export { orderDiscounts, lineDiscounts, releaseOrderPromotions } from './orders';
export { marketingView, couponChoice, orderDiscountsView } from './schemas';
export { fundsForPeriod, type FundsPeriod, type FundsMovement } from './statement';
