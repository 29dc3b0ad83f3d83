import { z } from 'zod';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { fen } from '../../lib/schemas';
import { getSetting, setSetting } from '../platform/settings';
import type { OrderStatus } from './status';

/**
 * The supplier's review chain (审核流程). The transition table in workflow.ts says what may
 * happen; these settings only switch its review steps on and off and set the automatic rules.
 */
export const WORKFLOW_SETTING = 'orders.workflow';

export const workflowSettings = z.strictObject({
  /** 订单审核 by the sales rep or order desk */
  orderReview: z.boolean(),
  /** 财务审核 (credit check) */
  financeReview: z.boolean(),
  /** 出库审核 before the warehouse may pick */
  outboundReview: z.boolean(),
  /** true: prepaid orders wait for payment before the reviews; false: after them */
  paymentBeforeReview: z.boolean(),
  /** Orders meeting every enabled rule pass order review and finance review automatically. */
  autoApprove: z.strictObject({
    enabled: z.boolean(),
    /** total strictly under this many fen; null = any amount */
    maxTotal: fen.nullable(),
    /** customer account active and (when the payments module supplies one) credit check passing */
    requireGoodStanding: z.boolean(),
    /** no line of a product tagged with one of nonStandardTags, no manual price adjustment */
    onlyStandardItems: z.boolean(),
    nonStandardTags: z.array(z.string().trim().min(1).max(20)).max(20),
  }),
  /** shipped orders count as delivered this many days after the last shipment (签收 by default) */
  autoDeliverDays: z.number().int().min(1).max(90),
  /** delivered orders complete after this many days (0 = at once on receipt) */
  autoCompleteDays: z.number().int().min(0).max(90),
});
export type WorkflowSettings = z.infer<typeof workflowSettings>;

export const DEFAULT_WORKFLOW: WorkflowSettings = {
  orderReview: true,
  financeReview: false,
  outboundReview: false,
  paymentBeforeReview: false,
  autoApprove: { enabled: false, maxTotal: null, requireGoodStanding: true, onlyStandardItems: true, nonStandardTags: ['定制', '非标'] },
  autoDeliverDays: 7,
  autoCompleteDays: 0,
};

type Db = Kysely<DB> | Transaction<DB>;

export async function getWorkflowSettings(db: Db): Promise<WorkflowSettings> {
  return workflowSettingsFrom(await getSetting<Partial<WorkflowSettings> | null>(db, WORKFLOW_SETTING, null));
}

/** SQL for the stored settings (or null), for a statement that reads them beside other things. */
export const storedWorkflowSql = () => sql<Partial<WorkflowSettings> | null>`(select value from settings where key = ${WORKFLOW_SETTING})`;

/** The settings from what is stored: settings saved by an older version may lack newer keys, filled from the defaults. */
export function workflowSettingsFrom(stored: Partial<WorkflowSettings> | null): WorkflowSettings {
  const s = stored ?? {};
  return { ...DEFAULT_WORKFLOW, ...s, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, ...(s.autoApprove ?? {}) } };
}

export async function saveWorkflowSettings(db: Db, value: WorkflowSettings): Promise<void> {
  await setSetting(db, WORKFLOW_SETTING, workflowSettings.parse(value));
}

/** The review gates an order may wait in between submission and picking. */
export const GATES = ['pending_review', 'pending_finance', 'awaiting_payment', 'pending_outbound'] as const satisfies readonly OrderStatus[];
export type Gate = (typeof GATES)[number];

export interface ChainOrder {
  status: OrderStatus;
  total: number;
  paid_total: number;
  payment_method: string | null;
  payment_terms: string;
}

/** Prepaid orders (not on credit terms or cash on delivery) wait for payment until fully paid. */
export function needsPayment(o: ChainOrder): boolean {
  const method = o.payment_method ?? (o.payment_terms === 'prepay' ? null : o.payment_terms);
  if (method === 'credit' || method === 'cod') return false;
  return o.paid_total < o.total;
}

/** Gate order for these settings (all gates, whether they apply to an order or not). */
export function gateOrder(s: WorkflowSettings): Gate[] {
  return s.paymentBeforeReview
    ? ['awaiting_payment', 'pending_review', 'pending_finance', 'pending_outbound']
    : ['pending_review', 'pending_finance', 'awaiting_payment', 'pending_outbound'];
}

function applies(gate: Gate, s: WorkflowSettings, o: ChainOrder): boolean {
  switch (gate) {
    case 'pending_review': return s.orderReview;
    case 'pending_finance': return s.financeReview;
    case 'awaiting_payment': return needsPayment(o);
    case 'pending_outbound': return s.outboundReview;
  }
}

/**
 * Where an order goes after leaving `from` on its way to the warehouse: the next gate that is
 * switched on and applies to it, else picking. From customer approval (or 'start') it is the first.
 */
export function nextStep(s: WorkflowSettings, o: ChainOrder, from: OrderStatus | 'start'): OrderStatus {
  const order = gateOrder(s);
  const pos = (order as string[]).indexOf(from);
  for (let i = pos + 1; i < order.length; i++) {
    const g = order[i]!;
    if (applies(g, s, o)) return g;
  }
  return 'picking';
}
