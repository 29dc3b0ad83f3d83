import type { OrdoModule } from '../../lib/module';
import { paymentRoutes } from './routes';
import { seedPaymentsDemo } from './seed';
import { sandboxNotifier } from './provider/sandbox';
import { cancellationHandler } from './refunds';
import './tables';
import './messages';
import { registerCreditCheck } from '../orders/guards';
import { workflowCreditCheck } from './credit-guard';

// The order workflow's finance review and credit approval use the payments credit check.
registerCreditCheck(workflowCreditCheck);

/** Payments: customer accounts and ledger, prepaid balances, credit terms, transfers, online payments, refunds, statements. */
export const paymentsModule: OrdoModule = { name: 'payments', routes: paymentRoutes, outboxHandlers: () => [sandboxNotifier(), cancellationHandler()], seedDemo: seedPaymentsDemo };
export { creditCheck, creditStatus, allowedPaymentMethods, chargeOrder } from './accounts';
export { paymentStatusOf } from './order-payments';
export { refundOrder, reverseCharge, settleCancelledOrder } from './refunds';
export { registerProvider, configureProviders } from './provider';
export { ProviderConfigError } from './provider/shared';
export { refundForReturn, runProviderRefunds, refundsByIds, type ReturnRefundResult, type ProviderRefundCall } from './aftersales-refunds';
