import type { OrdoModule } from '../../lib/module';
import { orderRoutes } from './routes';
import { runDueOrderSteps } from './jobs';
import { submissionNoticeHandler } from './notices';
import { stockArrivedNoticeHandler } from './stock-arrived';
import './tables';
import './messages';

/**
 * Orders: the one transition table, review chain settings, order lists, detail and timeline.
 * Its demo history is seeded by the shipping module (which follows it) with the helpers below.
 */
export const ordersModule: OrdoModule = {
  name: 'orders',
  routes: orderRoutes,
  outboxHandlers: () => [submissionNoticeHandler(), stockArrivedNoticeHandler()],
  jobs: ({ database }) => [{ name: 'orders.auto-deliver', everyMs: 10 * 60_000, run: () => runDueOrderSteps(database.db) }],
};
export { applyOrderEvent, lockOrder, enterWorkflow, onOrderPaid, allowedEvents, TRANSITIONS, ORDER_EVENTS, type OrderEvent, type TransitionResult } from './workflow';
export { creditStatus, type CreditStatus, type WorkflowOrder } from './guards';
export { wireOrderLifecycle, lifecyclePorts, onCredit, APPROVAL_STATES, STEPS, UNDO_OF, UNDO_ALL, type BalancePort, type CreditPort, type CreditVerdict, type LifecyclePorts, type Step, type StepName } from './lifecycle';
export { UNPAYABLE, paymentStatusOf, outstandingOf, assertPayable, lockOrderMoney, recordOrderPayment, recordOrderRefund, recordPaymentMethod, orderLinesToShip, recordShipped, recordReceived } from './facts';
export { getWorkflowSettings, nextStep, needsPayment, type WorkflowSettings } from './settings';
export { getOrder, listOrders, orderScope, assertOrderAccess } from './queries';
export { runDueOrderSteps } from './jobs';
export { ORDER_TABS, REVIEW_STEPS, orderListLink, listStatuses } from './tabs';
export { placeDemoOrder, demoActor } from './seed';
export { orderLinesForAftersales, noteAftersales, type LineForAftersales } from './aftersales-hooks';
export { submitAgreedOrder, type AgreedPrice, type AgreedOrderInput } from './agreed';
