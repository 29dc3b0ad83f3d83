import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { parseYuan } from '../../lib/money';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { listCategories } from './categories';
import { PRODUCT_CHANGED, writeSkus } from './products';
import { reindexProducts, reindexWhere } from './reindex';
import { readSheet } from './sheet';
import { COLUMNS, type ColumnKey, parseSpecs } from './columns';
import './messages';

/**
 * Product import from .xlsx or CSV, one row per SKU (the export's layout). All or nothing:
 * every row is checked first and any problem is reported as (row, column, reason) with nothing
 * written; only a clean file is written, in one transaction. Rows with the same 商品名称 form
 * one product. A row whose SKU code exists updates that SKU (and its product); a product named
 * like exactly one existing product gets the new SKUs; otherwise a product is created. SKUs not
 * in the file are left as they are. Category (path 饮料/饮用水) and brand must exist.
 */
export const MAX_IMPORT_ROWS = 20_000;
export interface RowError { row: number; column: string; reason: string }

interface SkuLine {
  row: number; code: string; barcode: string | null; specs: Record<string, string>; basePrice: number; retailPrice: number | null;
  weightGrams: number | null; moq: number; orderMultiple: number; units: { unit: string; factor: number }[];
}
interface Group {
  name: string; rows: number[]; subtitle: string | null; categoryId: number | null; brandId: number | null; baseUnit: string;
  tags: string[]; onShelf: boolean; isNew: boolean; skus: SkuLine[];
}

const yes = (s: string) => /^(是|y|yes|1|true|上架|✓)$/i.test(s);
const boolOk = (s: string) => s === '' || yes(s) || /^(否|n|no|0|false|下架)$/i.test(s);
const intIn = (s: string, min: number, max: number) => (/^\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : null);

export async function importProducts(db: Kysely<DB>, actor: Actor, file: Buffer, opts: { dryRun: boolean }) {
  const sheet = await readSheet(file);
  const colOf = new Map<ColumnKey, number>();
  sheet.header.forEach((h, i) => {
    const c = COLUMNS.find((x) => x.zh === h || x.en.toLowerCase() === h.toLowerCase());
    if (c && !colOf.has(c.key)) colOf.set(c.key, i);
  });
  if (!colOf.has('name') || !colOf.has('code') || !colOf.has('basePrice')) throw new AppError('IMPORT_NO_HEADER', 400);
  const rows = sheet.rows.filter((r) => r.cells.some((c) => c !== ''));
  if (!rows.length) throw new AppError('IMPORT_EMPTY', 400);
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('IMPORT_TOO_MANY', 400, { max: MAX_IMPORT_ROWS });

  const cats = new Map((await listCategories(db)).map((c) => [c.path.join('/').toLowerCase(), c.id]));
  const brands = new Map((await db.selectFrom('brands').select(['id', 'name']).execute()).map((b) => [b.name.toLowerCase(), b.id]));
  const errors: RowError[] = [];
  const label = (k: ColumnKey) => COLUMNS.find((c) => c.key === k)!.zh;
  const groups = new Map<string, Group>();
  const seenCodes = new Map<string, number>();
  /** aliases the file gives brands (merged into the brand's own; search reads them) */
  const brandAliases = new Map<number, string[]>();

  for (const r of rows) {
    const get = (k: ColumnKey) => (colOf.has(k) ? (r.cells[colOf.get(k)!] ?? '').trim() : '');
    const err = (k: ColumnKey, reason: string) => errors.push({ row: r.row, column: label(k), reason });
    const before = errors.length;
    const name = get('name');
    if (!name) err('name', '商品名称不能为空 / required');
    else if (name.length > 100) err('name', '商品名称最多 100 个字 / at most 100 characters');
    const code = get('code');
    if (!code) err('code', 'SKU编码不能为空 / required');
    else if (!/^[A-Za-z0-9][A-Za-z0-9\-_.]{0,39}$/.test(code)) err('code', `SKU编码“${code.slice(0, 40)}”只能包含字母、数字和 - _ . / letters, digits, - _ . only`);
    else if (seenCodes.has(code.toLowerCase())) err('code', `SKU编码 ${code} 与第 ${seenCodes.get(code.toLowerCase())} 行重复 / duplicate of row ${seenCodes.get(code.toLowerCase())}`);
    else seenCodes.set(code.toLowerCase(), r.row);
    const basePrice = parseYuan(get('basePrice'));
    if (get('basePrice') === '' || basePrice == null || basePrice < 0 || basePrice > 1e12) err('basePrice', `基础价“${get('basePrice').slice(0, 20)}”不是有效金额（元，最多两位小数，不能为负）/ not a valid non-negative amount`);
    const retailRaw = get('retailPrice');
    const retailPrice = retailRaw === '' ? null : parseYuan(retailRaw);
    if (retailRaw !== '' && (retailPrice == null || retailPrice < 0 || retailPrice > 1e12)) err('retailPrice', `建议零售价“${retailRaw.slice(0, 20)}”不是有效金额 / not a valid amount`);
    const barcode = get('barcode');
    if (barcode && !/^\d{8,14}$/.test(barcode)) err('barcode', '条码须为 8–14 位数字 / 8 to 14 digits');
    const weight = get('weight') === '' ? null : intIn(get('weight'), 0, 1_000_000);
    if (get('weight') !== '' && weight == null) err('weight', '重量须为 0–1000000 的整数（克）/ whole grams');
    const moq = get('moq') === '' ? 1 : intIn(get('moq'), 1, 1_000_000);
    if (moq == null) err('moq', '起订量须为 ≥1 的整数 / a whole number ≥ 1');
    const multiple = get('multiple') === '' ? 1 : intIn(get('multiple'), 1, 100_000);
    if (multiple == null) err('multiple', '订购倍数须为 ≥1 的整数 / a whole number ≥ 1');
    const baseUnit = get('baseUnit') || '件';
    if (baseUnit.length > 8) err('baseUnit', '单位最多 8 个字 / at most 8 characters');
    const caseUnit = get('caseUnit');
    const caseFactor = get('caseFactor') === '' ? null : intIn(get('caseFactor'), 2, 100_000);
    if (caseUnit && caseFactor == null) err('caseFactor', '填写了箱规单位时箱规数量须为 ≥2 的整数 / a whole number ≥ 2 with a case unit');
    if (!caseUnit && get('caseFactor') !== '') err('caseUnit', '填写了箱规数量时需要箱规单位 / a case unit is needed');
    if (caseUnit && caseUnit === baseUnit) err('caseUnit', '箱规单位不能与基本单位相同 / must differ from the base unit');
    const catPath = get('category').split(/\s*[/>＞]\s*/).filter(Boolean).join('/');
    const categoryId = catPath ? cats.get(catPath.toLowerCase()) ?? null : null;
    if (catPath && categoryId == null) err('category', `分类“${catPath.slice(0, 60)}”不存在，请先在分类管理中创建 / unknown category`);
    const brandName = get('brand');
    const brandId = brandName ? brands.get(brandName.toLowerCase()) ?? null : null;
    if (brandName && brandId == null) err('brand', `品牌“${brandName.slice(0, 50)}”不存在，请先在品牌管理中创建 / unknown brand`);
    const aliases = get('brandAliases').split(/[|｜、,，;；]/).map((x) => x.trim()).filter(Boolean);
    if (aliases.length && !brandName) err('brandAliases', '填写品牌别名时需要填写品牌 / a brand is needed');
    else if (aliases.length > 20 || aliases.some((a) => a.length > 50)) err('brandAliases', '最多 20 个别名，每个最多 50 字，用 | 分隔 / at most 20 aliases of 50 characters, separated by |');
    else if (brandId != null && aliases.length) brandAliases.set(brandId, [...new Set([...(brandAliases.get(brandId) ?? []), ...aliases])]);
    for (const k of ['onShelf', 'isNew'] as const) if (!boolOk(get(k))) err(k, '请填写“是”或“否” / yes or no');
    const specs = parseSpecs(get('spec'));
    if (!specs) err('spec', '规格格式为“500ml×24”或“规格:500ml×24; 口味:原味”，每项最多 40 字 / invalid spec');
    const tags = get('tags').split(/[,，;；]/).map((x) => x.trim()).filter(Boolean);
    if (tags.length > 20 || tags.some((x) => x.length > 20)) err('tags', '最多 20 个标签，每个最多 20 字 / at most 20 tags of 20 characters');
    if (get('subtitle').length > 200) err('subtitle', '副标题最多 200 字 / at most 200 characters');
    if (errors.length > before) continue;

    let g = groups.get(name);
    if (!g) {
      g = { name, rows: [], subtitle: get('subtitle') || null, categoryId, brandId, baseUnit, tags, onShelf: get('onShelf') === '' || yes(get('onShelf')), isNew: yes(get('isNew')), skus: [] };
      groups.set(name, g);
    } else if (g.baseUnit !== baseUnit) {
      err('baseUnit', `同一商品的基本单位须一致（第 ${g.rows[0]} 行为“${g.baseUnit}”）/ differs from row ${g.rows[0]}`);
      continue;
    }
    g.rows.push(r.row);
    g.skus.push({ row: r.row, code, barcode: barcode || null, specs: specs!, basePrice: basePrice!, retailPrice, weightGrams: weight, moq: moq!, orderMultiple: multiple!, units: caseUnit ? [{ unit: caseUnit, factor: caseFactor! }] : [] });
  }

  // which existing product each group updates
  const codes = [...seenCodes.keys()];
  const existing = codes.length ? await db.selectFrom('skus').select(['id', 'code', 'product_id']).where(sql`lower(code)`, 'in', codes).execute() : [];
  const byCode = new Map(existing.map((s) => [s.code.toLowerCase(), s]));
  const names = [...groups.keys()];
  const sameName = names.length ? await db.selectFrom('products').select(['id', 'name', 'base_unit']).where('name', 'in', names).execute() : [];
  const plan: { g: Group; productId: number | null; baseUnitBefore: string | null }[] = [];
  for (const g of groups.values()) {
    const owners = [...new Set(g.skus.map((s) => byCode.get(s.code.toLowerCase())?.product_id).filter((x): x is number => x != null))];
    if (owners.length > 1) {
      errors.push({ row: g.rows[0]!, column: label('code'), reason: `“${g.name}”的 SKU 编码属于 ${owners.length} 个不同的已有商品 / the SKU codes belong to different existing products` });
      continue;
    }
    const named = sameName.filter((p) => p.name === g.name);
    const productId = owners[0] ?? (named.length === 1 ? named[0]!.id : null);
    const baseUnitBefore = productId == null ? null : (named.find((p) => p.id === productId)?.base_unit ?? (await db.selectFrom('products').select('base_unit').where('id', '=', productId).executeTakeFirstOrThrow()).base_unit);
    plan.push({ g, productId, baseUnitBefore });
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length) throw new AppError('IMPORT_ROWS_INVALID', 422, { count: errors.length }, errors.slice(0, 500));

  const created = plan.filter((p) => p.productId == null).length;
  const result = { dryRun: opts.dryRun, rows: rows.length, products: plan.length, created, updated: plan.length - created, skus: seenCodes.size };
  if (opts.dryRun) return result;
  await db.transaction().execute(async (trx) => {
    for (const [brandId, aliases] of brandAliases) {
      await sql`update brands set aliases = (select coalesce(array_agg(distinct a), '{}') from unnest(aliases || ${sql.val(aliases)}::text[]) a where lower(a) <> lower(brands.name))
        where id = ${brandId}`.execute(trx);
    }
    const ids: number[] = [];
    for (const { g, productId, baseUnitBefore } of plan) {
      const fields = { name: g.name, subtitle: g.subtitle, category_id: g.categoryId, brand_id: g.brandId, base_unit: g.baseUnit, tags: g.tags, on_shelf: g.onShelf, is_new: g.isNew };
      let id = productId;
      if (id == null) id = (await trx.insertInto('products').values(fields).returning('id').executeTakeFirstOrThrow()).id;
      else await trx.updateTable('products').set({ ...fields, updated_at: new Date() }).where('id', '=', id).execute();
      const skus = g.skus.map((s) => ({ ...s, id: byCode.get(s.code.toLowerCase())?.id }));
      await writeSkus(trx, id, g.baseUnit, skus, baseUnitBefore != null && baseUnitBefore !== g.baseUnit, { keepOthers: true });
      ids.push(id);
    }
    await reindexProducts(trx, ids);
    // products of those brands the file did not touch read the new aliases too
    if (brandAliases.size) await reindexWhere(trx, sql`p.brand_id in (${sql.join([...brandAliases.keys()])}) and not (p.id = any(${sql.val(ids)}::bigint[]))`);
    await audit(trx, actor, { action: 'product.import', entityType: 'product', entityId: null, after: result });
    await emit(trx, PRODUCT_CHANGED, { productIds: ids, reason: 'import' });
  });
  return result;
}
