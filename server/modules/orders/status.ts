/**
 * Order statuses. Which of them an order passes through is decided by the one transition table
 * (orders/workflow, issue 7) and the supplier's review-chain settings.
 *
 *   awaiting_approval  customer admin must approve (buyer over spending limit)
 *   pending_review     订单审核 by sales rep / order desk
 *   pending_finance    财务审核 (credit check)
 *   awaiting_payment   waiting for payment before fulfilment
 *   pending_outbound   出库审核
 *   picking            warehouse picks
 *   partially_shipped, shipped, delivered, completed
 *   rejected, cancelled (terminal)
 */
export const ORDER_STATUSES = [
  'awaiting_approval',
  'pending_review',
  'pending_finance',
  'awaiting_payment',
  'pending_outbound',
  'picking',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
