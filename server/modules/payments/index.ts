import type { OrdoModule } from '../../lib/module';
import { paymentRoutes } from './routes';
import { seedPaymentsDemo } from './seed';
import { sandboxNotifier } from './provider/sandbox';
import { cancellationHandler } from './refunds';
import { deleteOldRejectedNotices } from './notice-retention';
import './tables';
import './messages';

/** Payments: customer accounts and ledger, prepaid balances, credit terms, transfers, online payments, refunds, statements. */
export const paymentsModule: OrdoModule = { name: 'payments', routes: paymentRoutes, outboxHandlers: () => [sandboxNotifier(), cancellationHandler()], seedDemo: seedPaymentsDemo,
  // Rejected payment notifications older than 30 days go (issue 22); accepted ones stay as evidence.
  jobs: ({ database }) => [{ name: 'payments.notice-retention', everyMs: 60 * 60_000, run: () => deleteOldRejectedNotices(database.db) }],
};
export { creditCheck, creditStatus, allowedPaymentMethods, chargeOrder } from './accounts';
/** The credit check, charge and reversal the module registry wires into the order lifecycle. */
export { balancePort, creditPort } from './credit-guard';
export { paymentStatusOf } from './order-payments';
export { refundOrder, reverseCharge, settleCancelledOrder } from './refunds';
export { registerProvider, configureProviders } from './provider';
export { ProviderConfigError } from './provider/shared';
export { refundForReturn, runProviderRefunds, refundsByIds, type ReturnRefundResult, type ProviderRefundCall } from './aftersales-refunds';
/** Deposits (定金) held on the prepaid balance for commitments that are not orders yet (fair bookings). */
export { holdDeposit, applyDeposit, forfeitDeposit, depositOf } from './deposits';
export { openingMovementsSql, openingReceivablesSql } from './opening';
export { startOnlinePayment } from './online';
export { payment as paymentView, payChannel } from './schemas';
