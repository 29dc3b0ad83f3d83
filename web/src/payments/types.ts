import type { Response } from '../lib/client';

/** Shapes of the payments API, from its schemas (generated: lib/api-schema.ts). Money is integer fen. */
export type Payment = Response<'/api/payments/{id}'>;
export type PayMethod = Payment['method'];
export type OrderPayment = Response<'/api/my/orders/{id}/payment'>;
export type OrderPayMethod = OrderPayment['allowedMethods'][number];
export type CreditStatus = OrderPayment['credit'];
export type Account = Response<'/api/payments/accounts/{id}'>;
/** An account in the list (without the credit still available, which the detail works out). */
export type AccountRow = Response<'/api/payments/accounts'>['items'][number];
export type Journal = Response<'/api/payments/accounts/{id}/ledger'>['items'][number];
export type Statement = Response<'/api/payments/statements'>['items'][number];
/** A statement with what the detail adds: the account at the period end (closing = receivable − balance), whether the figures still equal the ledger's, and the lines. */
export type StatementDetail = Response<'/api/payments/statements/{id}'>;
export type StatementCheck = Pick<StatementDetail, 'account' | 'agrees'>;
export type StatementLine = StatementDetail['lines'][number];
export type Aging = Response<'/api/payments/aging'>;
export type Buckets = Aging['totals'];
