import type { OrdoModule } from '../../lib/module';
import { paymentRoutes } from './routes';
import './tables';
import './messages';

/** Payments: customer accounts and ledger, prepaid balances, credit terms, transfers, online payments, refunds, statements. */
export const paymentsModule: OrdoModule = { name: 'payments', routes: paymentRoutes };
export { creditCheck, creditStatus, allowedPaymentMethods, chargeOrder } from './accounts';
export { paymentStatusOf } from './order-payments';
