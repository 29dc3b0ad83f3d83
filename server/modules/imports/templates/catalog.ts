import type { Kysely } from 'kysely';
import type { DB } from '../../../lib/db-types';
import { brandIds, brandRowsForExport, categoryPaths, upsertBrands, upsertCategoryPaths, upsertProducts, existingForProducts, type BulkProduct } from '../../catalog/bulk';
import { PRODUCT_COLUMNS, parseSpecs, type ProductColumnKey } from '../../catalog/columns';
import { productSheetRows } from '../../catalog/export';
import { CODE_RE, codeProblem, intCell, listCell, NO, rowChecker, YES, yuanCell, type Column, OUTCOME_ZH, type Problem, type RowResult, type Template, type Unit } from '../types';

/** Category, brand and product (with SKUs) templates, written through catalog's bulk functions. */

const splitPath = (s: string) => s.split(/\s*[/>＞／]\s*/).map((x) => x.trim()).filter(Boolean);

const categoryColumns: Column[] = [
  { key: 'path', zh: '分类路径', en: 'Category path', required: true, width: 30, example: '饮料/饮用水', help: '用 / 分隔上下级，上级不存在时自动创建' },
  { key: 'sort', zh: '排序', en: 'Sort', width: 8, example: '10', help: '数字越小越靠前，可不填' },
];

export const categoriesTemplate: Template<{ path: string[]; sort: number | null }> = {
  kind: 'categories', zh: '商品分类', en: 'Categories', columns: categoryColumns, keys: ['path'], chunk: 2000,
  async prepare(_db, rows) {
    const problems: Problem[] = [];
    const units: Unit<{ path: string[]; sort: number | null }>[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const c = rowChecker(problems, categoryColumns, r.row);
      const path = splitPath(r.get('path'));
      if (!path.length) c.bad('path', '分类路径不能为空');
      else if (path.length > 5 || path.some((p) => p.length > 30)) c.bad('path', '分类最多 5 级，每级最多 30 个字');
      const key = path.join('/').toLowerCase();
      if (path.length && seen.has(key)) c.bad('path', `与第 ${seen.get(key)} 行重复`);
      const sort = intCell(r.get('sort'), 0, 100_000);
      if (r.get('sort') !== '' && sort == null) c.bad('sort', '排序须为 0–100000 的整数');
      if (c.had()) continue;
      seen.set(key, r.row);
      units.push({ rows: [r.row], value: { path, sort } });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const { outcome } = await upsertCategoryPaths(trx, actor, units.map((u) => u.value));
    return new Map(units.map((u) => [u.rows[0]!, outcome(u.value.path)]));
  },
  async exportRows(db: Kysely<DB>) {
    return (await categoryPaths(db)).map((c) => [c.path.join('/'), c.sort]);
  },
};

const brandColumns: Column[] = [
  { key: 'name', zh: '品牌名称', en: 'Brand', required: true, width: 20, example: '农夫山泉' },
  { key: 'aliases', zh: '别名', en: 'Aliases', width: 24, example: 'NFSQ|农夫', help: '搜索时也能找到的名字，用 | 分隔' },
  { key: 'sort', zh: '排序', en: 'Sort', width: 8, example: '10' },
];

export const brandsTemplate: Template<{ name: string; aliases: string[] | null; sort: number | null }> = {
  kind: 'brands', zh: '品牌', en: 'Brands', columns: brandColumns, keys: ['name'], chunk: 2000,
  async prepare(_db, rows) {
    const problems: Problem[] = [];
    const units: Unit<{ name: string; aliases: string[] | null; sort: number | null }>[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const c = rowChecker(problems, brandColumns, r.row);
      const name = r.get('name');
      if (!name) c.bad('name', '品牌名称不能为空');
      else if (name.length > 50) c.bad('name', '品牌名称最多 50 个字');
      else if (seen.has(name.toLowerCase())) c.bad('name', `与第 ${seen.get(name.toLowerCase())} 行重复`);
      const aliases = r.get('aliases') === '' ? null : listCell(r.get('aliases'));
      if (aliases && (aliases.length > 20 || aliases.some((a) => a.length > 50))) c.bad('aliases', '最多 20 个别名，每个最多 50 个字，用 | 分隔');
      const sort = intCell(r.get('sort'), 0, 100_000);
      if (r.get('sort') !== '' && sort == null) c.bad('sort', '排序须为 0–100000 的整数');
      if (c.had()) continue;
      seen.set(name.toLowerCase(), r.row);
      units.push({ rows: [r.row], value: { name, aliases, sort } });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const { outcome } = await upsertBrands(trx, actor, units.map((u) => u.value));
    return new Map(units.map((u) => [u.rows[0]!, outcome(u.value.name)]));
  },
  async exportRows(db) {
    return (await brandRowsForExport(db)).map((b) => [b.name, (b.aliases ?? []).join('|'), b.sort]);
  },
};

const productHelp: Partial<Record<ProductColumnKey, Partial<Column>>> = {
  productCode: { example: 'NF-WATER', help: '同一商品编码的行是同一商品的不同 SKU；不填时按商品名称合并' },
  name: { required: true, example: '农夫山泉 饮用天然水' },
  category: { example: '饮料/饮用水', help: '分类路径，不存在时自动创建' },
  brand: { example: '农夫山泉', help: '品牌不存在时：按“导入设置”自动创建，或报错' },
  baseUnit: { example: '瓶', help: '商品的最小计量单位：库存、订单数量和价格都按它计，同一商品的各 SKU 相同（同一商品后面的行可不填）；箱、提等包装写在“辅助单位”。不填时沿用已有商品的单位，新商品为“件”' },
  tags: { example: '热销', help: '用逗号分隔' },
  onShelf: { example: '是' },
  isNew: { example: '否' },
  code: { required: true, example: 'NF-550', help: '唯一；已存在的 SKU 编码会被更新' },
  barcode: { example: '6921168509256' },
  spec: { example: '550ml', help: '如“550ml×24”或“容量:550ml; 包装:瓶”' },
  basePrice: { required: true, example: '2.00' },
  retailPrice: { example: '2.50' },
  weight: { example: '570' },
  moq: { example: '1' },
  multiple: { example: '1' },
  units: { example: '箱=24', help: '每个 SKU 自己的销售单位和换算，如“箱=24|中包=6”；同一商品的 SKU 可以不同' },
};

/** The product export's layout (catalog owns it), with what the template says about each column. */
export const productColumns: Column[] = [
  ...PRODUCT_COLUMNS.map((c) => ({ key: c.key, zh: c.zh, en: c.en, width: c.width, ...productHelp[c.key] })),
  // the product page's earlier export wrote one case unit in two columns: still read, so such a file keeps its units
  { key: 'caseUnit', zh: '箱规单位', en: 'Case unit', legacy: true },
  { key: 'caseFactor', zh: '箱规数量', en: 'Per case', legacy: true },
];

interface ProductUnit extends Omit<BulkProduct, 'categoryId' | 'brandId'> { category: string[]; brand: string | null }

/** 箱规单位 + 箱规数量 of the earlier export → "箱=24" ('' when not given; a bad pair stays bad). */
const legacyCase = (unit: string, factor: string) => (unit || factor ? `${unit}=${factor}` : '');

function parseUnits(s: string, baseUnit: string): { unit: string; factor: number }[] | null {
  if (!s) return [];
  const out: { unit: string; factor: number }[] = [];
  for (const part of s.split(/[|｜;；,，]/).map((x) => x.trim()).filter(Boolean)) {
    const m = /^(.{1,8}?)\s*[=＝:：]\s*(\d{1,6})$/.exec(part);
    if (!m) return null;
    const factor = Number(m[2]);
    if (factor < 2 || m[1] === baseUnit || out.some((u) => u.unit === m[1])) return null;
    out.push({ unit: m[1]!, factor });
  }
  return out.length <= 5 ? out : null;
}

export const productsTemplate: Template<ProductUnit> = {
  kind: 'products', zh: '商品和SKU', en: 'Products and SKUs', columns: productColumns, keys: ['code'], chunk: 500,
  async prepare(db, rows, opts) {
    const problems: Problem[] = [];
    const brands = await brandIds(db);
    const groups = new Map<string, Unit<ProductUnit>>();
    const seenCodes = new Map<string, number>();
    /** the base unit a row of each product group gave first, and that row */
    const unitOf = new Map<string, { unit: string; row: number }>();
    const cols = productColumns;
    for (const [i, r] of rows.entries()) {
      // checking 60,000 rows is seconds of CPU: let other requests' callbacks in every 2,000 rows
      if (i % 2000 === 1999) await new Promise((res) => setImmediate(res));
      const c = rowChecker(problems, cols, r.row);
      const get = r.get;
      const productCode = get('productCode');
      if (productCode && !CODE_RE.test(productCode)) c.bad('productCode', codeProblem('商品编码', productCode));
      const name = get('name');
      if (!name) c.bad('name', '商品名称不能为空');
      else if (name.length > 100) c.bad('name', '商品名称最多 100 个字');
      const code = get('code');
      if (!code) c.bad('code', 'SKU编码不能为空');
      else if (!CODE_RE.test(code)) c.bad('code', codeProblem('SKU编码', code));
      else if (seenCodes.has(code.toLowerCase())) c.bad('code', `SKU编码 ${code} 与第 ${seenCodes.get(code.toLowerCase())} 行重复`);
      const basePrice = yuanCell(get('basePrice'));
      if (basePrice == null) c.bad('basePrice', `基础价“${get('basePrice').slice(0, 20)}”不是有效金额（元，最多两位小数，不能为负）`);
      const retailPrice = get('retailPrice') === '' ? null : yuanCell(get('retailPrice'));
      if (get('retailPrice') !== '' && retailPrice == null) c.bad('retailPrice', `建议零售价“${get('retailPrice').slice(0, 20)}”不是有效金额`);
      const barcode = get('barcode');
      if (barcode && !/^\d{8,14}$/.test(barcode)) c.bad('barcode', '条码须为 8–14 位数字');
      const weight = intCell(get('weight'), 0, 1_000_000);
      if (get('weight') !== '' && weight == null) c.bad('weight', '重量须为 0–1000000 的整数（克）');
      const moq = intCell(get('moq'), 1, 1_000_000, 1);
      if (moq == null) c.bad('moq', '起订量须为 ≥1 的整数');
      const multiple = intCell(get('multiple'), 1, 100_000, 1);
      if (multiple == null) c.bad('multiple', '订购倍数须为 ≥1 的整数');
      // the base unit is the product's (stock, order lines and documents read it there): a blank cell takes the
      // product's unit from another row of the group, else the stored product's, else 件; two different ones are a problem
      const key = productCode ? `c:${productCode.toLowerCase()}` : `n:${name}`;
      const givenUnit = get('baseUnit');
      const groupUnit = unitOf.get(key);
      const baseUnit = givenUnit || groupUnit?.unit || '件';
      if (baseUnit.length > 8) c.bad('baseUnit', '单位最多 8 个字');
      else if (givenUnit && groupUnit && groupUnit.unit !== givenUnit) {
        c.bad('baseUnit', `同一商品的 SKU 基本单位须相同（第 ${groupUnit.row} 行为“${groupUnit.unit}”）：库存和订单按商品的基本单位计。其他包装请写在“辅助单位”（如“箱=24”），确是不同的计量单位请用不同的商品编码`);
      } else if (givenUnit && !groupUnit && name) unitOf.set(key, { unit: givenUnit, row: r.row });
      const units = parseUnits(get('units') || legacyCase(get('caseUnit'), get('caseFactor')), baseUnit);
      if (units == null) c.bad(get('units') ? 'units' : 'caseFactor', '辅助单位格式为“箱=24|中包=6”：单位最多 8 个字，换算为 ≥2 的整数，不能与基本单位相同，最多 5 个');
      const category = splitPath(get('category'));
      if (category.length > 5 || category.some((p) => p.length > 30)) c.bad('category', '分类最多 5 级，每级最多 30 个字');
      const brand = get('brand') || null;
      if (brand && brand.length > 50) c.bad('brand', '品牌最多 50 个字');
      else if (brand && !opts.createBrands && !brands.has(brand.toLowerCase())) c.bad('brand', `品牌“${brand}”不存在：请先导入品牌，或在导入设置中开启“自动创建品牌”`);
      for (const k of ['onShelf', 'isNew']) if (get(k) !== '' && !YES.test(get(k)) && !NO.test(get(k))) c.bad(k, '请填写“是”或“否”');
      const specs = parseSpecs(get('spec'));
      if (!specs) c.bad('spec', '规格格式为“500ml×24”或“规格:500ml×24; 口味:原味”，每项最多 40 字');
      const tags = listCell(get('tags'), /[,，;；]/);
      if (tags.length > 20 || tags.some((x) => x.length > 20)) c.bad('tags', '最多 20 个标签，每个最多 20 字');
      if (get('subtitle').length > 200) c.bad('subtitle', '副标题最多 200 字');
      if (code && CODE_RE.test(code) && !seenCodes.has(code.toLowerCase())) seenCodes.set(code.toLowerCase(), r.row);
      if (c.had()) continue;
      let g = groups.get(key);
      if (!g) {
        g = { rows: [], value: { code: productCode || null, name, subtitle: get('subtitle') || null, category, brand, baseUnit, tags, onShelf: get('onShelf') === '' || YES.test(get('onShelf')), isNew: YES.test(get('isNew')), skus: [] } };
        groups.set(key, g);
      }
      g.rows.push(r.row);
      g.value.skus.push({ code, barcode: barcode || null, specs: specs!, basePrice: basePrice!, retailPrice, weightGrams: weight, moq: moq!, orderMultiple: multiple!, units: units! });
    }
    // a SKU code already filed under a product with another code would be moved: say so only if that product keeps a conflicting base unit
    const existing = await existingForProducts(db, [...groups.values()].map((g) => g.value.code).filter((x): x is string => !!x), [...seenCodes.keys()]);
    for (const [key, g] of groups) {
      const p = g.value.code ? existing.productByCode.get(g.value.code.toLowerCase()) : undefined;
      const owned = g.value.skus.map((s) => existing.skuByCode.get(s.code.toLowerCase())).filter((x) => x != null);
      const owners = new Set(owned.map((s) => s.product_id));
      if (!p && !g.value.code && owners.size > 1) problems.push({ row: g.rows[0]!, column: 'SKU编码', message: `“${g.value.name}”的 SKU 属于 ${owners.size} 个不同的已有商品：请填写商品编码指明归属` });
      // the group's unit: the first one a row gives; none given → the stored product's (a file without the column changes no unit), else 件
      g.value.baseUnit = unitOf.get(key)?.unit ?? p?.base_unit ?? owned[0]?.base_unit ?? '件';
      g.value.skus.forEach((s, i) => {
        if (s.units.some((u) => u.unit === g.value.baseUnit)) problems.push({ row: g.rows[i]!, column: '辅助单位', message: `辅助单位不能与基本单位“${g.value.baseUnit}”相同` });
      });
    }
    return { problems, units: [...groups.values()] };
  },
  async apply(trx, actor, units, opts) {
    const { ids: catIds } = await upsertCategoryPaths(trx, actor, units.filter((u) => u.value.category.length).map((u) => ({ path: u.value.category })));
    const names = [...new Set(units.map((u) => u.value.brand).filter((b): b is string => !!b))];
    const brands = opts.createBrands ? (await upsertBrands(trx, actor, names.map((name) => ({ name })))).ids : await brandIds(trx);
    const products: BulkProduct[] = units.map(({ value: v }) => ({
      ...v, categoryId: v.category.length ? catIds.get(v.category.join('/').toLowerCase()) ?? null : null, brandId: v.brand ? brands.get(v.brand.toLowerCase()) ?? null : null,
    }));
    const { skuOutcome, productIds, productOutcome } = await upsertProducts(trx, actor, products);
    // the product is counted once, on its group's first row (two groups of one chunk can name the same stored product); each row is one SKU
    const out = new Map<number, RowResult>();
    const counted = new Set<number>();
    units.forEach((u, k) => {
      const id = productIds[k]!;
      const product = counted.has(id) ? undefined : productOutcome.get(id) ?? 'unchanged';
      counted.add(id);
      const name = u.value.code ? `${u.value.code} ${u.value.name}` : u.value.name;
      u.value.skus.forEach((s, i) => {
        const sku = skuOutcome(s.code);
        const note = i === 0 && product ? `商品 ${name}：${OUTCOME_ZH[product]}；SKU ${s.code}：${OUTCOME_ZH[sku]}` : `商品 ${name} 的 SKU ${s.code}：${OUTCOME_ZH[sku]}`;
        out.set(u.rows[i]!, { ...(i === 0 && product ? { record: product } : {}), parts: { skus: sku }, note });
      });
    });
    return out;
  },
  exportRows: (db, only) => productSheetRows(db, only?.code ? { skuCodes: only.code } : {}),
};
