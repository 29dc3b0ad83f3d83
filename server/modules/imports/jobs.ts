import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { registerMessages, t as translate, type Locale } from '../../lib/i18n';
import { readTableOffThread } from '../../lib/sheet-pool';
import type { Actor } from '../auth/actor';
import { OUTCOME_ZH, PARTS, type ImportOptions, type Outcome, type Part, type Problem, type Row, type RowResult, type Tally, type Template, type Unit } from './types';
import './tables';
import { keepStored } from './keep-stored';

/**
 * Runs an import (issue 19): read the file with the one reader, check every row (a dry run stops
 * here and lists every problem), and only when no row has a problem, write it in chunks — each
 * chunk its own short transaction through the owning modules' bulk functions, so the embedded
 * database answers other requests between chunks. Progress is the job row; rows are keyed by
 * code, so a re-run (also after a failure half-way) writes only what still differs.
 */
registerMessages({
  IMPORT_MISSING_COLUMNS: { zh: '文件缺少必填列：{columns}。请使用下载的模板（第一行为列名）', en: 'The file lacks required columns: {columns}. Use the downloaded template (column names in the first row)' },
  IMPORT_EMPTY_FILE: { zh: '文件中没有数据行', en: 'The file has no data rows' },
  IMPORT_BUSY: { zh: '另一个导入正在进行，请等它完成后再导入', en: 'Another import is running; wait for it to finish' },
  IMPORT_INTERRUPTED: { zh: '导入中断（服务重启）：已导入的部分保留，重新导入同一文件即可补齐', en: 'The import was interrupted (server restart); what was written stays — import the same file again to finish' },
});

export const MAX_IMPORT_ROWS = 100_000;
const active = new Map<number, Promise<void>>();

// ORDO_IMPORT_PROFILE=1 logs how long reading, checking and each chunk took (bench/import.ts)
const profile = process.env.ORDO_IMPORT_PROFILE ? (line: string) => console.error(`[import] ${line}`) : () => {};
const ms = (t0: number) => Math.round(performance.now() - t0);
const norm = (h: string) => h.normalize('NFKC').replace(/[\s*＊]/g, '').toLowerCase();

export interface JobView {
  id: number; kind: string; dryRun: boolean; status: 'checked' | 'rejected' | 'running' | 'done' | 'failed'; fileName: string; total: number; processed: number;
  created: number; updated: number; unchanged: number; parts: Partial<Record<Part, Tally>>; problemCount: number; problems: Problem[]; error: string | null; createdAt: Date; finishedAt: Date | null;
}

export async function getJob(db: Kysely<DB>, id: number, locale: Locale = 'zh-CN'): Promise<JobView> {
  const j = await db.selectFrom('import_jobs')
    .select(['id', 'kind', 'dry_run', 'status', 'file_name', 'total', 'processed', 'created', 'updated', 'unchanged', 'parts', 'error', 'created_at', 'finished_at', 'updated_at',
      sql<number>`jsonb_array_length(problems)`.as('problem_count'), sql<Problem[]>`(select coalesce(jsonb_agg(p), '[]') from (select p from jsonb_array_elements(problems) p limit 1000) x)`.as('first_problems')])
    .where('id', '=', id).executeTakeFirst();
  if (!j) throw notFound('导入记录 / import');
  let status = j.status;
  let error = j.error;
  if (status === 'running' && !active.has(id) && Date.now() - new Date(j.updated_at).getTime() > 120_000) {
    status = 'failed';
    error = translate('IMPORT_INTERRUPTED', locale);
  }
  return {
    id: j.id, kind: j.kind, dryRun: j.dry_run, status, fileName: j.file_name, total: j.total, processed: j.processed, created: j.created, updated: j.updated, unchanged: j.unchanged,
    parts: j.parts, problemCount: Number(j.problem_count), problems: j.first_problems ?? [], error, createdAt: j.created_at, finishedAt: j.finished_at,
  };
}

export function listJobs(db: Kysely<DB>) {
  return db.selectFrom('import_jobs').select(['id', 'kind', 'dry_run as dryRun', 'status', 'file_name as fileName', 'total', 'processed', 'created', 'updated', 'unchanged', 'parts', 'created_at as createdAt', 'finished_at as finishedAt'])
    .orderBy('id', 'desc').limit(50).execute();
}

/** Reads the file into rows of the template's columns (by header name, zh or en, any order). */
export async function readRows(template: Template, file: Buffer) {
  const { header, rows } = await readTableOffThread(file, { fillMerged: true, maxRows: MAX_IMPORT_ROWS, sheetName: template.zh });
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const c = template.columns.find((x) => norm(x.zh) === norm(h) || norm(x.en) === norm(h));
    if (c && !at.has(c.key)) at.set(c.key, i);
  });
  const missing = template.columns.filter((c) => c.required && !at.has(c.key));
  if (missing.length) throw new AppError('IMPORT_MISSING_COLUMNS', 400, { columns: missing.map((c) => c.zh).join('、') });
  const grid = rows.map((r) => ({ row: r.row, cells: template.columns.map((c) => (at.has(c.key) ? r.cells[at.get(c.key)!] ?? '' : '')) })).filter((r) => r.cells.some((c) => c !== ''));
  if (!grid.length) throw new AppError('IMPORT_EMPTY_FILE', 400);
  const index = new Map(template.columns.map((c, i) => [c.key, i]));
  const typed: Row[] = grid.map((g) => ({ row: g.row, get: (k: string) => g.cells[index.get(k)!] ?? '' }));
  return { grid, rows: typed, present: new Set(at.keys()) };
}

/** Checks a file and (unless a dry run, and only when every row is good) starts writing it. */
export async function startImport(db: Kysely<DB>, actor: Actor, template: Template, file: { buffer: Buffer; filename: string }, opts: ImportOptions & { dryRun: boolean }) {
  if (!opts.dryRun && active.size) throw new AppError('IMPORT_BUSY', 409);
  let t0 = performance.now();
  const { grid, rows, present } = await readRows(template, file.buffer);
  await keepStored(db, template, present, grid);
  profile(`${template.kind}: read ${rows.length} rows in ${ms(t0)} ms`);
  t0 = performance.now();
  const { problems, units } = await template.prepare(db, rows, opts);
  profile(`${template.kind}: checked in ${ms(t0)} ms`);
  problems.sort((a, b) => a.row - b.row);
  const status = opts.dryRun ? 'checked' : problems.length ? 'rejected' : 'running';
  const job = await db.insertInto('import_jobs').values({
    kind: template.kind, dry_run: opts.dryRun, status, file_name: file.filename.slice(0, 200), header: JSON.stringify(template.columns.map((c) => c.zh)),
    rows: JSON.stringify(grid.map((g) => [g.row, ...g.cells])), problems: JSON.stringify(problems), total: rows.length, created_by: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
  if (status === 'running') {
    if (active.size) {
      await db.updateTable('import_jobs').set({ status: 'failed', error: translate('IMPORT_BUSY', 'zh-CN'), finished_at: new Date() }).where('id', '=', job.id).execute();
      throw new AppError('IMPORT_BUSY', 409);
    }
    const p = run(db, actor, template, job.id, units, opts).finally(() => active.delete(job.id));
    active.set(job.id, p);
  }
  return getJob(db, job.id);
}

/** Waits for a running job of this process (tests, benchmarks). */
export async function settled(id: number) {
  await active.get(id);
}

async function run(db: Kysely<DB>, actor: Actor, template: Template, jobId: number, units: Unit<unknown>[], opts: ImportOptions) {
  const outcomes: Record<number, RowResult> = {};
  // records are counted once (on their first row), their parts beside them; processed counts rows (the progress bar)
  const tally = { processed: 0, created: 0, updated: 0, unchanged: 0 };
  const parts: Partial<Record<Part, Tally>> = {};
  const counts = () => ({ ...tally, parts: JSON.stringify(parts) });
  try {
    for (let i = 0; i < units.length; i += template.chunk) {
      const part = units.slice(i, i + template.chunk);
      const t0 = performance.now();
      const out = await db.transaction().execute((trx) => template.apply(trx, actor, part, opts));
      profile(`${template.kind}: chunk of ${part.length} from ${i} written in ${ms(t0)} ms`);
      for (const u of part) {
        for (const row of u.rows) {
          const o = out.get(row);
          const r: RowResult = typeof o === 'string' ? { record: o } : o ?? (row === u.rows[0] ? { record: 'unchanged' } : {});
          outcomes[row] = r;
          if (r.record) tally[r.record]++;
          for (const p of PARTS) {
            const po = r.parts?.[p];
            if (po) (parts[p] ??= { created: 0, updated: 0, unchanged: 0 })[po]++;
          }
          tally.processed++;
        }
      }
      await db.updateTable('import_jobs').set({ ...counts(), updated_at: new Date() }).where('id', '=', jobId).execute();
      // let queued requests in between chunks (the embedded database has one connection)
      await new Promise((r) => setImmediate(r));
    }
    active.delete(jobId);
    await db.updateTable('import_jobs').set({ status: 'done', outcomes: JSON.stringify(outcomes), finished_at: new Date(), updated_at: new Date() }).where('id', '=', jobId).execute();
    // fresh plans for the grown tables (PGlite runs no autovacuum)
    if (tally.created + (parts.skus?.created ?? 0) > 500) await sql`analyze`.execute(db);
  } catch (e) {
    active.delete(jobId);
    const message = e instanceof AppError ? translate(e.code, 'zh-CN', e.params) : (e as Error).message;
    await db.updateTable('import_jobs').set({ status: 'failed', error: message.slice(0, 2000), outcomes: JSON.stringify(outcomes), ...counts(), finished_at: new Date(), updated_at: new Date() })
      .where('id', '=', jobId).execute();
  }
}

const RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, created: 2 };

/** The result file's 结果 of a row: the most it did to its record or the record's parts (older jobs stored the outcome alone). */
function rowLabel(r: Outcome | RowResult): { label: string; note: string } {
  if (typeof r === 'string') return { label: OUTCOME_ZH[r], note: '' };
  const all = [r.record, ...Object.values(r.parts ?? {})].filter((x): x is Outcome => !!x);
  const most = all.reduce<Outcome>((a, b) => (RANK[b] > RANK[a] ? b : a), 'unchanged');
  return { label: OUTCOME_ZH[most], note: r.note ?? '' };
}

/** The stored rows with each one's outcome and problems: what the result file shows. */
export async function resultRows(db: Kysely<DB>, id: number) {
  const j = await db.selectFrom('import_jobs').select(['kind', 'dry_run', 'status', 'header', 'rows', 'problems', 'outcomes']).where('id', '=', id).executeTakeFirst();
  if (!j) throw notFound('导入记录 / import');
  const problems = new Map<number, string[]>();
  for (const p of j.problems as Problem[]) problems.set(p.row, [...(problems.get(p.row) ?? []), `${p.column}：${p.message}`]);
  const outcomes = j.outcomes as Record<string, Outcome | RowResult>;
  const rows = (j.rows as (string | number)[][]).map(([row, ...cells]) => {
    const msgs = problems.get(Number(row));
    const done = outcomes[String(row)] ? rowLabel(outcomes[String(row)]!) : null;
    const result = msgs ? '错误' : done ? done.label : j.dry_run ? '可导入' : j.status === 'rejected' ? '未导入' : '未处理';
    return [Number(row), ...cells, result, msgs ? msgs.join('；') : done?.note ?? ''];
  });
  return { kind: j.kind, header: ['行号', ...(j.header as string[]), '结果', '说明'], rows };
}
