/** Shapes of the payments API (server/modules/payments/schemas.ts). Money is integer fen. */
export type PayMethod = 'online' | 'transfer' | 'balance' | 'cod';
export type OrderPayMethod = PayMethod | 'credit';

export interface Payment {
  id: number; number: string; companyId: number; companyName: string; companyCode: string; orderId: number | null; orderNumber: string | null;
  purpose: 'order' | 'topup'; method: PayMethod; provider: string | null; amount: number; status: 'pending' | 'succeeded' | 'rejected' | 'closed';
  refundedAmount: number; payerName: string | null; note: string | null; rejectReason: string | null; payUrl: string | null; hasVoucher: boolean;
  createdAt: string; confirmedAt: string | null; createdByName: string | null; confirmedByName: string | null;
}
export interface CreditStatus { configured: boolean; paymentTerms: string; creditLimit: number; creditDays: number; outstanding: number; available: number; overdue: number; onHold: boolean; holdReason: string | null }
export interface OrderPayment {
  orderId: number; number: string; status: string; paymentStatus: string; paymentMethod: OrderPayMethod | null; total: number; paidTotal: number; refundedTotal: number;
  outstanding: number; allowedMethods: OrderPayMethod[]; balance: number; credit: CreditStatus; payments: Payment[];
}
export interface Account {
  companyId: number; companyCode: string; companyName: string; balance: number; receivable: number; paymentTerms: 'prepay' | 'cod' | 'credit';
  creditLimit: number; creditDays: number; creditAvailable?: number; onHold: boolean; holdReason: string | null;
}
export interface Journal {
  id: number; kind: string; amount: number; memo: string | null; createdAt: string; orderId: number | null; orderNumber: string | null;
  paymentNumber: string | null; paymentMethod: PayMethod | null; refundNumber: string | null; balanceChange: number; receivableChange: number;
}
export interface Statement {
  id: number; companyId: number; companyCode: string; companyName: string; period: string; opening: number; orders: number; cancellations: number;
  payments: number; refunds: number; closing: number; status: 'issued' | 'confirmed' | 'disputed'; disputeReason: string | null; respondedAt: string | null; respondedByName: string | null;
}
/** What a statement detail adds: the account at the period end (closing = receivable − balance) and whether the figures still equal the ledger's. */
export interface StatementCheck { account: { receivable: number; balance: number }; agrees: boolean }
export interface StatementLine { id: number; kind: string; at: string; orderNumber: string | null; paymentNumber: string | null; paymentMethod: string | null; refundNumber: string | null; refundDestination: string | null; effect: number; running: number }
export type Buckets = { d0_30: number; d31_60: number; d61_90: number; d90_plus: number; total: number; overdue: number };
export interface Aging {
  asOf: string; totals: Buckets;
  customers: (Buckets & { companyId: number; companyCode: string; companyName: string; salesRepName: string | null; orders: number })[];
  reps: (Buckets & { salesRepId: number | null; salesRepName: string | null; customerCount: number })[];
}
