import type { OrdoModule } from '../../lib/module';
import { orderRoutes } from './routes';
import { runDueOrderSteps } from './jobs';
import './tables';
import './messages';

/**
 * Orders: the one transition table, review chain settings, order lists, detail and timeline.
 * Its demo history is seeded by the shipping module (which follows it) with the helpers below.
 */
export const ordersModule: OrdoModule = {
  name: 'orders',
  routes: orderRoutes,
  jobs: ({ database }) => [{ name: 'orders.auto-deliver', everyMs: 10 * 60_000, run: () => runDueOrderSteps(database.db) }],
};
export { applyOrderEvent, lockOrder, enterWorkflow, onOrderPaid, allowedEvents, TRANSITIONS, ORDER_EVENTS, type OrderEvent, type TransitionResult } from './workflow';
export { registerCreditCheck, creditStatus, type CreditCheck, type CreditStatus, type WorkflowOrder } from './guards';
export { getWorkflowSettings, nextStep, needsPayment, type WorkflowSettings } from './settings';
export { getOrder, listOrders, orderScope, assertOrderAccess } from './queries';
export { runDueOrderSteps } from './jobs';
export { placeDemoOrder, demoActor } from './seed';
export { orderLinesForAftersales, noteAftersales, type LineForAftersales } from './aftersales-hooks';
