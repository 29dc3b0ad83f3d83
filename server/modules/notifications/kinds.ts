/**
 * Every kind of notification Ordo sends, by the module that sends it. notify() takes one of these,
 * and the notice-link test (notices.test.ts) produces each kind and checks its link opens a page
 * its recipient may see: add a kind here and to that test together.
 */
export const NOTICE_KINDS = [
  /** demo seed: a welcome line in every bell */
  'welcome',
  /** orders: the buyer's order was received (submission) */
  'order.received',
  /** orders: a buyer's order waits for the customer admin's approval (submission) */
  'order.approval_needed',
  /** orders: a sales rep placed an order on the customer's behalf (submission) */
  'order.placed_for_you',
  /** orders: an order of theirs changed status (customer side) */
  'order.status',
  /** orders: an order waits for this staff member's step, or their customer's order closed (staff side; grouped per status) */
  'order.queue',
  /** orders: stock arrived for pre-order / backorder lines of their order (customer side) */
  'order.stock_arrived',
  /** orders: staff changed the lines of an order before approval */
  'order.modified',
  /** aftersales: a request of theirs changed status (customer side) */
  'aftersales.status',
  /** aftersales: a request waits for this staff member's step (grouped per status) */
  'aftersales.queue',
  /** aftersales: staff replied to, resolved or closed a complaint of theirs (customer side) */
  'complaint.reply',
  /** aftersales: a complaint was filed, a customer replied, or one was assigned to this staff member */
  'complaint.queue',
  /** inventory: a SKU fell below its safety stock (grouped) */
  'stock.low',
  /** quotes: the supplier offered, declined or replied on a quote of theirs (customer side) */
  'quote.update',
  /** quotes: a customer asked for prices, countered, replied or withdrew (the customer's rep, else the admins) */
  'quote.queue',
  /** recommendations: the customer's regular items are predicted to be due (reminder, when the supplier turns it on) */
  'reorder.due',
  /** reports: the weekly summary (sales, top customers, stock-outs, overdue receivables) to admins who opted in */
  'report.weekly',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
