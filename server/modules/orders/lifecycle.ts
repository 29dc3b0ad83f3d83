import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import type { CustomerTerms } from '../customers';
import { release } from '../inventory/reservations';
import { releaseOrderPromotions } from '../marketing/orders';
import type { OrderStatus } from './status';

type Db = Kysely<DB> | Transaction<DB>;

/** The order row as the workflow sees it (locked for the transition), with its customer's terms. */
export interface WorkflowOrder {
  id: number;
  number: string;
  company_id: number;
  buyer_user_id: number | null;
  placed_by_user_id: number;
  status: OrderStatus;
  version: number;
  total: number;
  paid_total: number;
  payment_status: string;
  payment_method: string | null;
  payment_terms: string;
  company_status: string;
  company_name: string;
  sales_rep_id: number | null;
  approved_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  urgent: boolean;
}
type OrderPayMethod = 'online' | 'transfer' | 'balance' | 'credit' | 'cod';

/** What the credit check says about an order (refusals carry an error code and its message params). */
export interface CreditVerdict {
  ok: boolean;
  code?: string;
  params?: Record<string, unknown>;
  summary?: string;
  /** Fen the customer owes past terms (aging), shown on the review screens whatever the order's method. */
  overdue?: number;
}

/**
 * What the order lifecycle asks of the payments module. Orders cannot import payments (payments
 * reports payments to orders, so that would be a dependency both ways): the module registry
 * (server/modules/index.ts) hands these functions over with wireOrderLifecycle.
 */
export interface CreditPort {
  /** For review screens, outside a transaction: reads only. */
  assess(db: Kysely<DB>, order: WorkflowOrder): Promise<CreditVerdict>;
  /**
   * Inside a transition: locks the customer's account (after the order row, which the
   * transition already holds) and checks hold and limit, counting this order unless it is
   * already charged. Writes nothing; the `credit.charge` step then charges.
   */
  check(trx: Transaction<DB>, order: WorkflowOrder): Promise<CreditVerdict>;
  /** Puts the order's total on the customer's receivable, once per order. */
  charge(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void>;
  /** Takes the order's charge off the receivable again, once (nothing if it was never charged). */
  reverse(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void>;
}

/**
 * What the order lifecycle asks of the payments module about the prepaid balance. An order to be
 * paid from the balance holds its total there from submission (payments_hold_balance, called by
 * orders_submit) while it waits for approval; the customer's available balance is balance − held.
 */
export interface BalancePort {
  /**
   * Turns the order's hold into a debit: the order is paid from the prepaid balance (a payment
   * record, the ledger journal, the order's paid total). True when there was a hold to capture.
   */
  capture(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<boolean>;
  /** Lets the order's hold go (nothing if there is none, or it was captured). */
  release(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void>;
  /**
   * After the order's total changed (a change before approval): its hold follows what it owes;
   * it grows only within the available balance (BALANCE_HOLD_SHORT, 409, otherwise).
   */
  follow(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void>;
}

export interface LifecyclePorts {
  credit: CreditPort;
  balance: BalancePort;
  /** The payment methods the customer may choose at submission (its terms and the supplier's rules). */
  allowedPaymentMethods(db: Db, companyId: number, known?: CustomerTerms): Promise<OrderPayMethod[]>;
}

let wired: LifecyclePorts | null = null;

/**
 * Hands the lifecycle the functions of the modules it depends on but may not import. Called by
 * the module registry; returns what was wired before (tests put a stand-in in and restore it).
 */
export function wireOrderLifecycle(ports: LifecyclePorts): LifecyclePorts | null {
  const before = wired;
  wired = ports;
  return before;
}

/**
 * The wired ports. An entry point that loads orders without the module registry fails here
 * instead of approving orders with no credit check.
 */
export function lifecyclePorts(): LifecyclePorts {
  if (!wired) throw new Error('order lifecycle not wired: load the module registry (server/modules/index.ts) before using orders');
  return wired;
}

/**
 * An order is on credit when its customer has credit terms and it is to be paid on credit: its
 * method says so (or none was chosen yet), or finance grants credit to an order waiting for payment.
 */
export const onCredit = (order: Pick<WorkflowOrder, 'payment_terms' | 'payment_method' | 'status'>) =>
  order.payment_terms === 'credit' && ((order.payment_method ?? 'credit') === 'credit' || order.status === 'awaiting_payment');

/** The cross-domain steps of order transitions, each done through its owning module's function. */
export type StepName =
  | 'stock.reserve' | 'stock.release' | 'credit.charge' | 'credit.reverse' | 'promotions.redeem' | 'promotions.release'
  | 'balance.hold' | 'balance.capture' | 'balance.release';

export interface StepContext {
  trx: Transaction<DB>;
  actor: Actor | null;
  order: WorkflowOrder;
  /** where the transition takes the order (for a `before` step: where it would go as the order stands) */
  to: OrderStatus;
}

export interface Step {
  name: StepName;
  /** the module whose exported function does the work (and owns the rows it writes) */
  owner: 'inventory' | 'payments' | 'marketing';
  /** the step this one undoes */
  undoes?: StepName;
  /**
   * Runs before the status change, and the target is worked out again when it returns true
   * (capturing the balance hold pays the order, so it no longer waits for payment).
   */
  before?: boolean;
  run(c: StepContext): Promise<unknown>;
}

/** Where an order waits for someone's approval: a balance hold stays while the order is in one of these. */
export const APPROVAL_STATES: readonly OrderStatus[] = ['awaiting_approval', 'pending_review', 'pending_finance'];

/**
 * Each doing step and the step that undoes it. Submission reserves the stock and redeems the
 * promotions and coupon and holds the prepaid balance of an order paid from it (orders/submit, in
 * its transaction: inventory_reserve, marketing_redeem, payments_hold_balance); approval on credit
 * charges the receivable, and approval out of the approval states captures the balance hold (the
 * order is paid from it); a transition that takes an order
 * off the live path (cancel, reject) runs every undo, and each undo is a no-op when there is
 * nothing to undo.
 */
export const UNDO_OF: Record<'stock.reserve' | 'credit.charge' | 'promotions.redeem' | 'balance.hold', StepName> = {
  'stock.reserve': 'stock.release',
  'credit.charge': 'credit.reverse',
  'promotions.redeem': 'promotions.release',
  'balance.hold': 'balance.release',
};

export const STEPS = {
  releaseStock: { name: 'stock.release', owner: 'inventory', undoes: 'stock.reserve', run: (c) => release(c.trx, { orderId: c.order.id }) },
  chargeCredit: {
    name: 'credit.charge', owner: 'payments',
    run: async (c) => (onCredit(c.order) ? lifecyclePorts().credit.charge(c.trx, c.actor, c.order.id) : undefined),
  },
  reverseCredit: { name: 'credit.reverse', owner: 'payments', undoes: 'credit.charge', run: (c) => lifecyclePorts().credit.reverse(c.trx, c.actor, c.order.id) },
  releasePromotions: { name: 'promotions.release', owner: 'marketing', undoes: 'promotions.redeem', run: async (c) => void (await releaseOrderPromotions(c.trx, c.order.id)) },
  /** Approval: once the order leaves the approval states, its balance hold becomes the payment. */
  captureBalance: {
    name: 'balance.capture', owner: 'payments', before: true,
    run: async (c) => (APPROVAL_STATES.includes(c.to) ? false : lifecyclePorts().balance.capture(c.trx, c.actor, c.order.id)),
  },
  releaseBalance: { name: 'balance.release', owner: 'payments', undoes: 'balance.hold', run: (c) => lifecyclePorts().balance.release(c.trx, c.actor, c.order.id) },
} satisfies Record<string, Step>;

/** Steps of a transition that takes an order off the live path (cancel, reject): undo everything done so far. */
/** Promotions first: submission takes them before the stock (orders_submit), so the two never wait on each other in a cycle. */
export const UNDO_ALL: readonly Step[] = [STEPS.releasePromotions, STEPS.releaseStock, STEPS.reverseCredit, STEPS.releaseBalance];
