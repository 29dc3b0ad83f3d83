import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { builtInGroups, offSwitches, synonymWord } from './search-lexicon';
import { clearMisses } from './search-help';
import { readSheet, writeSheet } from './sheet';
import './tables';
import './messages';

/**
 * The supplier's search synonyms: groups of words buyers use for the same thing (泡面 = 方便面,
 * 空开 = 空气开关). Applied at query time next to the built-in set (data/synonyms.json); every
 * change bumps the catalog version (trigger), so cached searches follow at once. Adding a group
 * forgets the zero-result log entries of its words: the report shows what is still unanswered.
 */
export const SYNONYM_ENTITY = '同义词 / synonym group';
export const MAX_SYNONYM_GROUPS = 5000;
export const BUILT_IN_ENTITY = '内置同义词组 / built-in synonym group';
/** The console's name of each built-in trade, Chinese and English (every trade of data/synonyms.json has one: tested). */
export const TRADE_NAMES: Record<string, [zh: string, en: string]> = {
  grocery: ['粮油副食', 'Grocery'], drinks: ['酒水饮料', 'Drinks'], household_chemicals: ['日化清洁', 'Household chemicals'],
  personal_care: ['个人护理', 'Personal care'], hardware: ['五金工具', 'Hardware and tools'], electrical: ['电工照明', 'Electrical and lighting'],
  plumbing: ['水暖卫浴', 'Plumbing and bathroom'], stationery: ['文具', 'Stationery'], office: ['办公用品', 'Office supplies'],
  dairy_snacks: ['乳品零食', 'Dairy and snacks'], baby: ['母婴用品', 'Baby and maternity'], auto: ['汽车用品', 'Car care and parts'],
  kitchen: ['厨房电器厨具', 'Kitchen appliances and cookware'], pet: ['宠物用品', 'Pet supplies'], building: ['涂料建材', 'Paint and building materials'],
  fresh_frozen: ['生鲜冻品', 'Fresh and frozen food'], daily: ['日用百货', 'Household goods'],
  medical: ['医药医疗', 'Pharmacy and medical supplies'], digital: ['数码电脑', 'Phone and computer accessories'], farm: ['农资园艺', 'Farm inputs and garden'],
  catering: ['餐饮食材耗材', 'Food service ingredients and disposables'], packaging: ['包装材料', 'Packaging materials'],
  beauty: ['美妆护肤', 'Beauty and skin care'], apparel: ['服装纺织', 'Apparel and textiles'], sports: ['运动户外', 'Sports and outdoor'],
  toys: ['玩具', 'Toys and games'], tea: ['茶叶茶具', 'Tea and tea ware'], furniture: ['家具家纺', 'Furniture and bedding'], safety: ['劳保用品', 'Work safety'],
  baking: ['烘焙原料', 'Baking supplies'],
};

interface Group { words: string[]; note?: string | null }

/** Normalized, distinct words; 400 when fewer than two different words remain. */
function cleanWords(words: string[], path = 'words'): string[] {
  const out = [...new Set(words.map(synonymWord).filter(Boolean))];
  if (out.length < 2) throw badRequest('SYNONYM_WORDS_TOO_FEW', {}, [{ path, message: 'at least two different words' }]);
  return out;
}

const view = (r: { id: number; words: string[]; note: string | null; updated_at: Date }) => ({ id: Number(r.id), words: r.words, note: r.note, updatedAt: new Date(r.updated_at).toISOString() });

export async function listSynonyms(db: Kysely<DB>) {
  const own = await db.selectFrom('search_synonyms').select(['id', 'words', 'note', 'updated_at']).orderBy('id', 'desc').execute();
  const off = await offSwitches(db);
  const trades = [...new Set(builtInGroups.map((g) => g.trade))];
  const builtIn = trades.map((trade) => ({
    trade, tradeName: TRADE_NAMES[trade]?.[0] ?? trade, tradeNameEn: TRADE_NAMES[trade]?.[1] ?? trade,
    groups: builtInGroups.filter((g) => g.trade === trade).map((g) => ({ key: g.key, words: g.words, enabled: !off.has(g.key) })),
  }));
  return { own: own.map(view), builtIn };
}

async function getSynonym(db: Kysely<DB>, id: number) {
  const r = await db.selectFrom('search_synonyms').select(['id', 'words', 'note', 'updated_at']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(SYNONYM_ENTITY);
  return view(r);
}

export async function createSynonym(db: Kysely<DB>, actor: Actor, input: Group) {
  const words = cleanWords(input.words);
  const n = await db.selectFrom('search_synonyms').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n.n) >= MAX_SYNONYM_GROUPS) throw new AppError('SYNONYM_LIMIT', 409, { max: MAX_SYNONYM_GROUPS });
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('search_synonyms').values({ words, note: input.note ?? null }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'synonym.create', entityType: 'search_synonym', entityId: r.id, after: { words, note: input.note ?? null } });
    return r.id;
  });
  await clearMisses(db, words);
  return getSynonym(db, id);
}

export async function updateSynonym(db: Kysely<DB>, actor: Actor, id: number, input: Partial<Group>) {
  const before = await getSynonym(db, id);
  const words = input.words ? cleanWords(input.words) : before.words;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('search_synonyms').set({ words, ...(input.note !== undefined ? { note: input.note } : {}), updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'synonym.update', entityType: 'search_synonym', entityId: id, before, after: input });
  });
  await clearMisses(db, words);
  return getSynonym(db, id);
}

export async function deleteSynonym(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getSynonym(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_synonyms').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'synonym.delete', entityType: 'search_synonym', entityId: id, before });
  });
}

/**
 * Switches a built-in group off (its words stop finding each other) or on again; applies to the
 * next search. Unknown keys are 404.
 */
export async function setBuiltInSynonym(db: Kysely<DB>, actor: Actor, key: string, enabled: boolean) {
  const group = builtInGroups.find((g) => g.key === key);
  if (!group) throw notFound(BUILT_IN_ENTITY);
  await db.transaction().execute(async (trx) => {
    // the switch may be stored under the key the group had before its words changed
    const stored = (await offSwitches(trx)).get(key) ?? [];
    const was = !stored.length;
    if (was === enabled) return;
    if (enabled) await trx.deleteFrom('search_synonyms_off').where('group_key', 'in', stored).execute();
    else await trx.insertInto('search_synonyms_off').values({ group_key: key, words: group.words }).execute();
    await audit(trx, actor, { action: enabled ? 'synonym.built_in_on' : 'synonym.built_in_off', entityType: 'search_synonym_built_in', entityId: null, after: { key, words: group.words } });
  });
  return { key, words: group.words, enabled };
}

const HEADER = ['同义词（用 | 分隔）', '备注'];
const SPLIT = /[|｜、，,;；\s]+/;

/** The supplier's groups as a spreadsheet: one group per row, words separated by |. */
export async function exportSynonyms(db: Kysely<DB>, format: 'xlsx' | 'csv') {
  const rows = await db.selectFrom('search_synonyms').select(['words', 'note']).orderBy('id').execute();
  const body = await writeSheet(format, HEADER, rows.map((r) => [r.words.join('|'), r.note ?? '']), [40, 24]);
  return { body, filename: `搜索同义词-${new Date().toISOString().slice(0, 10)}.${format}` };
}

/**
 * Adds the groups of a spreadsheet (the export's layout; words in the first column separated by
 * | 、 or commas). All or nothing: a row with fewer than two words is reported by row number and
 * nothing is written. Groups already present (the same words) are skipped.
 */
export async function importSynonyms(db: Kysely<DB>, actor: Actor, file: Buffer) {
  const sheet = await readSheet(file);
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!rows.length) throw new AppError('SYNONYM_IMPORT_EMPTY', 400);
  if (rows.length > 2000) throw new AppError('IMPORT_TOO_MANY', 400, { max: 2000 });
  const errors: { row: number; column: string; reason: string }[] = [];
  const groups: Group[] = [];
  for (const r of rows) {
    const words = [...new Set((r.cells[0] ?? '').split(SPLIT).map(synonymWord).filter(Boolean))];
    const note = (r.cells[1] ?? '').trim().slice(0, 100) || null;
    if (words.length < 2) errors.push({ row: r.row, column: HEADER[0]!, reason: '至少需要两个不同的词 / at least two different words' });
    else if (words.length > 20 || words.some((w) => w.length > 30)) errors.push({ row: r.row, column: HEADER[0]!, reason: '最多 20 个词，每个最多 30 字 / at most 20 words of 30 characters' });
    else groups.push({ words, note });
  }
  if (errors.length) throw new AppError('IMPORT_ROWS_INVALID', 422, { count: errors.length }, errors.slice(0, 500));
  const existing = new Set((await db.selectFrom('search_synonyms').select('words').execute()).map((r) => [...r.words].sort().join('|')));
  const fresh = groups.filter((g) => {
    const key = [...g.words].sort().join('|');
    if (existing.has(key)) return false;
    existing.add(key);
    return true;
  });
  if (existing.size > MAX_SYNONYM_GROUPS) throw new AppError('SYNONYM_LIMIT', 409, { max: MAX_SYNONYM_GROUPS });
  if (fresh.length) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('search_synonyms').values(fresh.map((g) => ({ words: g.words, note: g.note ?? null }))).execute();
      await audit(trx, actor, { action: 'synonym.import', entityType: 'search_synonym', entityId: null, after: { added: fresh.length } });
    });
    await clearMisses(db, fresh.flatMap((g) => g.words));
  }
  return { rows: rows.length, added: fresh.length, skipped: rows.length - fresh.length };
}
