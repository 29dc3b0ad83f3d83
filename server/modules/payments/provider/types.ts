import type { Kysely } from 'kysely';
import type { DB } from '../../../lib/db-types';

/**
 * What an online payment provider (the sandbox, WeChat Pay, Alipay…) must offer Ordo. Amounts
 * are integer fen, as both real providers use; our payment number is the merchant's order number
 * (out_trade_no), the provider's id is the trade number. Notifications are asynchronous, signed,
 * retried by the provider and may arrive more than once or out of order: Ordo verifies them
 * here and records them once (online.ts).
 */
export interface PaymentProvider {
  name: string;
  /**
   * Opens a trade. `tradeNo` is null when the provider numbers the trade only once it is paid
   * (WeChat Pay Native / H5, Alipay precreate / wap.pay): the paid notification or query then
   * supplies it. `payUrl` is what the buyer opens: for channel 'qr' a link the web app shows as
   * a QR code to scan with a phone's pay app; for 'mobile' a page the phone's browser goes to.
   */
  createPayment(db: Kysely<DB>, input: CreatePaymentInput): Promise<{ tradeNo: string | null; payUrl: string }>;
  /** Checks the signature and shape of a notification; never trusts an unsigned field. */
  verifyNotification(db: Kysely<DB>, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<VerifiedNotice>;
  /** Asks the provider for the authoritative state of a trade (used when the buyer returns). */
  queryPayment(db: Kysely<DB>, outTradeNo: string): Promise<{ status: 'pending' | 'paid' | 'closed'; amountFen: number; tradeNo: string } | null>;
  /** Starts a refund; the result arrives later as a 'refund' notification. */
  refund(db: Kysely<DB>, input: RefundInput): Promise<{ refundNo: string }>;
  /** The reply body the provider expects once a notification was taken (WeChat: JSON, Alipay: "success"). */
  ackBody: string;
}

export interface CreatePaymentInput {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  notifyUrl: string;
  returnUrl: string | null;
  /**
   * How the buyer pays: 'qr' — a code shown on a desktop and scanned with the phone's pay app
   * (WeChat Pay Native, Alipay precreate); 'mobile' — the provider's mobile-web payment opened in
   * the phone's own browser (WeChat Pay H5, Alipay alipay.trade.wap.pay).
   */
  channel: PayChannel;
  /** The buyer's IP as Ordo sees it (Fastify req.ip); WeChat Pay H5 requires it. Null when unknown. */
  clientIp: string | null;
}

export type PayChannel = 'qr' | 'mobile';

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  amountFen: number;
  /** The original payment's amount (WeChat Pay's refund request must state it). */
  totalFen: number;
  reason: string | null;
  /** Where the provider should notify the refund's result; '' lets the adapter use its own default. */
  notifyUrl: string;
}

export type ProviderNotice =
  | { kind: 'payment'; outTradeNo: string; tradeNo: string; amountFen: number }
  | { kind: 'refund'; outTradeNo: string; tradeNo: string; outRefundNo: string; refundNo: string; amountFen: number }
  // Genuine (signed) but records nothing here, e.g. an unpaid trade closed or a refund that failed
  // at the bank: acknowledged and logged, so the provider stops resending it.
  | { kind: 'ignored'; outTradeNo: string; tradeNo: string; event: string }
  // The provider gave up on a refund (WeChat REFUND.ABNORMAL / REFUND.CLOSED): Ordo marks it
  // failed and frees the amount, so finance can refund again another way.
  | { kind: 'refund_failed'; outTradeNo: string; tradeNo: string; outRefundNo: string; event: string };

export type VerifiedNotice = { ok: true; notice: ProviderNotice; signature: string } | { ok: false; reason: string; signature: string | null };
