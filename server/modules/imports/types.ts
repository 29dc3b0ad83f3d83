import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { parseYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';

/** One import template (issue 19): its columns, how rows are checked and written, and its export. */
export type Outcome = 'created' | 'updated' | 'unchanged';

/** Parts of a record that several rows add to it, counted beside the records (a product's SKUs, a customer's more contacts and addresses). */
export const PARTS = ['skus', 'contacts', 'addresses'] as const;
export type Part = (typeof PARTS)[number];
export type Tally = Record<Outcome, number>;

/**
 * What one row did. `record`: the outcome of the record the row names, on the record's first row
 * only (a record is counted once however many rows it has); `parts`: what the row wrote of the
 * record's parts; `note`: what the result file says about the row (为客户 C001 增加联系人 王五).
 * A template whose every row is one record returns just the Outcome.
 */
/** How the result file says an outcome. */
export const OUTCOME_ZH: Record<Outcome, string> = { created: '新增', updated: '更新', unchanged: '未变' };

export interface RowResult { record?: Outcome; parts?: Partial<Record<Part, Outcome>>; note?: string }

export interface Column {
  key: string;
  /** the template's header (zh-CN); the English name is accepted too */
  zh: string;
  en: string;
  required?: boolean;
  width?: number;
  /** shown in the template's example row */
  example?: string;
  /** shown in the template's 说明 sheet */
  help?: string;
  /** read from files that have it (an older layout), never in the template or the export */
  legacy?: boolean;
}

/** The columns a template and an export show (legacy columns are only read). */
export const shownColumns = (columns: Column[]) => columns.filter((c) => !c.legacy);

export interface Problem { row: number; column: string; message: string }

/** A row of the file: its spreadsheet row number and its cells by column key. */
export interface Row { row: number; get(key: string): string }

/** Rows that are written together (a product with its SKUs, or one row). */
export interface Unit<U> { rows: number[]; value: U }

export interface ImportOptions { createBrands: boolean }

export interface Template<U = unknown> {
  kind: string;
  zh: string;
  en: string;
  columns: Column[];
  /** the columns that name a record (its export writes them): a column a file lacks keeps the stored value (keep-stored.ts) */
  keys?: string[];
  /** units written in one transaction */
  chunk: number;
  /** Checks every row against the file and the database (reads only). */
  prepare(db: Kysely<DB>, rows: Row[], opts: ImportOptions): Promise<{ problems: Problem[]; units: Unit<U>[] }>;
  /** Writes units in the caller's transaction through the owning modules; what each row did, by row number (a unit's first row missing: its record is unchanged). */
  apply(trx: Transaction<DB>, actor: Actor, units: Unit<U>[], opts: ImportOptions): Promise<Map<number, Outcome | RowResult>>;
  /**
   * The stored data as rows of the template (cells in `columns` order). `only` (key column → lower-case
   * values) narrows it to the records a file names, where the template can (keep-stored.ts); rows of
   * other records may still come back.
   */
  exportRows(db: Kysely<DB>, only?: Record<string, string[]>): Promise<(string | number | null)[][]>;
}

/** Collects problems of one row: `bad(key, message)`; `had()` tells whether this row got any. */
export function rowChecker(problems: Problem[], columns: Column[], row: number) {
  const start = problems.length;
  const label = (key: string) => columns.find((c) => c.key === key)?.zh ?? key;
  return {
    bad: (key: string, message: string) => problems.push({ row, column: label(key), message }),
    had: () => problems.length > start,
  };
}

export const YES = /^(是|y|yes|1|true|上架|✓|√)$/i;
export const NO = /^(否|n|no|0|false|下架|×)$/i;
export const yesNo = (b: boolean) => (b ? '是' : '否');

/** A whole number in [min, max], '' → fallback; null when not such a number. */
export function intCell(s: string, min: number, max: number, fallback: number | null = null): number | null {
  if (s === '') return fallback;
  const t = s.replace(/,(?=\d{3}\b)/g, '').replace(/\.0+$/, '');
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** An amount in yuan → fen (≥ 0, at most 1e12 fen); null when not one. */
export function yuanCell(s: string): number | null {
  const t = s.replace(/^[¥￥]\s*/, '').replace(/,(?=\d{3}\b)/g, '');
  const v = parseYuan(t);
  return v == null || v < 0 || v > 1e12 ? null : v;
}

/** A calendar day: 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日 → '2026-12-31' (years 2000–2099); null when not one. */
export function dateCell(s: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 2000 || y > 2099 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "a|b、c，d" → ['a','b','c','d'] */
export const listCell = (s: string, sep = /[|｜、,，;；]/) => [...new Set(s.split(sep).map((x) => x.trim()).filter(Boolean))];

export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9\-_.]{0,39}$/;
export const codeProblem = (label: string, code: string) => `${label}“${code.slice(0, 40)}”只能包含字母、数字和 - _ .，最多 40 个字符`;
