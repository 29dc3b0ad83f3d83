import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { companyIdsByCode, setCreditLimits } from '../customers/bulk';
import { once } from '../platform/idempotency';
import { templateOf } from '../imports/templates';
import { importSettings } from '../imports/settings';
import type { Outcome, Problem, Row, RowResult, Template, Unit } from '../imports/types';

/**
 * ERP sync (issue 19): bulk upserts keyed by the ERP's own codes (SKU code, product code,
 * customer code, warehouse code, price list name), checked and written by the same templates as
 * spreadsheet imports, so both take the same rules. Items with a problem are reported one by one
 * and skipped; the good ones are written in one transaction. A batch carries an Idempotency-Key:
 * the same key with the same body returns the first report again and writes nothing.
 */
export const SYNC_KINDS = ['products', 'prices', 'stock', 'customers', 'credit-limits'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
export const MAX_SYNC_ITEMS = 5000;

type Item = Record<string, string | number | boolean | null | undefined>;
/** Money the API takes in integer fen; the templates read yuan. */
const FEN_FIELDS: Partial<Record<SyncKind, string[]>> = { products: ['basePrice', 'retailPrice'], prices: ['fixed'], customers: ['creditLimit'] };

export interface SyncReport {
  kind: SyncKind;
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: { index: number; key: string | null; field: string; message: string }[];
  replayed: boolean;
}

const creditLimits: Template<{ code: string; creditLimit: number; creditDays: number | null }> = {
  kind: 'credit-limits', zh: '信用额度', en: 'Credit limits', chunk: MAX_SYNC_ITEMS,
  columns: [{ key: 'code', zh: '客户编码', en: 'code', required: true }, { key: 'creditLimit', zh: '信用额度', en: 'creditLimit', required: true }, { key: 'creditDays', zh: '账期天数', en: 'creditDays' }],
  async prepare(db, rows) {
    const problems: Problem[] = [];
    const known = await companyIdsByCode(db, rows.map((r) => r.get('code')).filter(Boolean));
    const units: Unit<{ code: string; creditLimit: number; creditDays: number | null }>[] = [];
    for (const r of rows) {
      const start = problems.length;
      const code = r.get('code');
      if (!known.has(code.toLowerCase())) problems.push({ row: r.row, column: 'code', message: `客户编码“${code.slice(0, 32)}”不存在` });
      const limit = Number(r.get('creditLimit'));
      if (r.get('creditLimit') === '' || !Number.isSafeInteger(limit) || limit < 0 || limit > 1e12) problems.push({ row: r.row, column: 'creditLimit', message: '信用额度须为 0 到 1e12 之间的整数（分）' });
      const days = r.get('creditDays') === '' ? null : Number(r.get('creditDays'));
      if (days != null && (!Number.isInteger(days) || days < 0 || days > 365)) problems.push({ row: r.row, column: 'creditDays', message: '账期天数须为 0–365 的整数' });
      if (problems.length === start) units.push({ rows: [r.row], value: { code, creditLimit: limit, creditDays: days } });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const outcome = await setCreditLimits(trx, actor, units.map((u) => u.value));
    return new Map(units.map((u) => [u.rows[0]!, outcome(u.value.code)]));
  },
  exportRows: async () => [],
};

const templateFor = (kind: SyncKind): Template => (kind === 'credit-limits' ? (creditLimits as unknown as Template) : templateOf(kind));

/** The item's key for the report: its SKU / customer code. */
const keyOf = (kind: SyncKind, item: Item) => String(item.code ?? (kind === 'stock' ? item.code : '') ?? '') || null;

export async function syncBatch(db: Kysely<DB>, actor: Actor, kind: SyncKind, items: Item[], idempotencyKey: string): Promise<SyncReport> {
  const template = templateFor(kind);
  const fen = new Set(FEN_FIELDS[kind] ?? []);
  const cell = (v: Item[string], k: string): string => {
    if (v == null) return '';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (fen.has(k) && typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? formatYuan(v) : 'invalid';
    return String(v).trim();
  };
  const rows: Row[] = items.map((it, i) => ({ row: i + 1, get: (k: string) => cell(it[k], k) }));
  // checks read outside the transaction (on the embedded database a read through `db` inside it would wait for itself)
  const { problems, units } = await template.prepare(db, rows, await importSettings(db));
  const { result, replayed } = await db.transaction().execute((trx) =>
    once(trx, `erp-sync:${kind}`, idempotencyKey, items, async () => {
      const outcomes: Map<number, Outcome | RowResult> = units.length ? await template.apply(trx, actor, units, await importSettings(trx)) : new Map();
      const tally = { created: 0, updated: 0, unchanged: 0 };
      for (const u of units) for (const r of u.rows) tally[itemOutcome(outcomes.get(r))]++;
      const colKey = new Map(template.columns.map((c) => [c.zh, c.key]));
      const report: SyncReport = {
        kind, received: items.length, ...tally, replayed: false,
        failed: problems.sort((a, b) => a.row - b.row).map((p) => ({ index: p.row - 1, key: keyOf(kind, items[p.row - 1] ?? {}), field: colKey.get(p.column) ?? p.column, message: p.message })),
      };
      return report;
    }),
  );
  return { ...result, replayed };
}

/**
 * What one item did. An item is one row: a SKU of a product group (its SKU's outcome, not the
 * product's, which only its group's first row carries), or one customer, price, stock level.
 */
function itemOutcome(r: Outcome | RowResult | undefined): Outcome {
  if (!r) return 'unchanged';
  if (typeof r === 'string') return r;
  return r.parts?.skus ?? r.record ?? 'unchanged';
}
