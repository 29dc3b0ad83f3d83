import { formatYuan } from '../../../lib/money';
import { skuIdsByCode } from '../../catalog/bulk';
import { companyIdsByCode, ensureTiers } from '../../customers/bulk';
import { checkBreaks, type ItemRow } from '../../pricing/lists';
import { priceListsByName, priceRowsForExport, upsertPriceItems, type BulkList } from '../../pricing/bulk';
import { parsePercent } from '../../pricing/excel';
import { rowChecker, yuanCell, intCell, type Column, type Problem, type Template, type Unit } from '../types';

/**
 * Price lists: one row per (list, SKU, quantity break). A list is named; a missing one is created
 * for the tier (created too when missing) or the customer given. The breaks of each SKU in the
 * file replace that SKU's breaks in the list; other SKUs of the list stay.
 */
const columns: Column[] = [
  { key: 'list', zh: '价目表名称', en: 'Price list', required: true, width: 18, example: '金牌客户价' },
  { key: 'tier', zh: '客户等级', en: 'Tier', width: 10, example: '金牌', help: '新价目表适用的客户等级（与客户编码二选一）' },
  { key: 'customer', zh: '客户编码', en: 'Customer code', width: 12, help: '新价目表适用的客户（与客户等级二选一）' },
  { key: 'code', zh: 'SKU编码', en: 'SKU code', required: true, width: 16, example: 'NF-550' },
  { key: 'minQty', zh: '起订数量', en: 'Min qty', width: 9, example: '1', help: '数量阶梯：买到此数量（基本单位）起用此价' },
  { key: 'fixed', zh: '固定价(元)', en: 'Fixed price', width: 11, example: '1.80' },
  { key: 'discount', zh: '折扣(%)', en: 'Discount %', width: 9, help: '在基础价上打的折扣百分比，与固定价二选一' },
];

type Row = { list: string; tier: string | null; customer: string | null; skuId: number; item: ItemRow };
/** the breaks of one SKU in one list: written together */
type Value = Omit<Row, 'item'> & { items: ItemRow[] };

export const pricesTemplate: Template<Value> = {
  kind: 'prices', zh: '价目表', en: 'Price lists', columns, chunk: 5000,
  async prepare(db, rows) {
    const problems: Problem[] = [];
    const units: Unit<Row>[] = [];
    const skus = await skuIdsByCode(db, rows.map((r) => r.get('code')).filter(Boolean));
    const lists = await priceListsByName(db);
    const companies = await companyIdsByCode(db, rows.map((r) => r.get('customer')).filter(Boolean));
    const listFor = new Map<string, { tier: string | null; customer: string | null; row: number }>();
    for (const r of rows) {
      const c = rowChecker(problems, columns, r.row);
      const list = r.get('list');
      const tier = r.get('tier') || null;
      const customer = r.get('customer') || null;
      if (!list) c.bad('list', '价目表名称不能为空');
      else if (list.length > 50) c.bad('list', '价目表名称最多 50 个字');
      if (tier && customer) c.bad('tier', '客户等级和客户编码只能填一个');
      if (tier && tier.length > 30) c.bad('tier', '客户等级最多 30 个字');
      if (customer && !companies.has(customer.toLowerCase())) c.bad('customer', `客户编码“${customer.slice(0, 32)}”不存在：请先导入客户`);
      const known = list ? lists.get(list.toLowerCase()) : undefined;
      const first = list ? listFor.get(list.toLowerCase()) : undefined;
      if (list && !known && !tier && !customer && !first) c.bad('tier', `价目表“${list}”不存在：请填写客户等级或客户编码以创建它`);
      if (first && ((tier && tier !== first.tier) || (customer && customer !== first.customer))) c.bad('list', `同一价目表的客户等级 / 客户编码须与第 ${first.row} 行一致`);
      const code = r.get('code');
      const skuId = skus.get(code.toLowerCase());
      if (!code) c.bad('code', 'SKU编码不能为空');
      else if (!skuId) c.bad('code', `SKU编码“${code.slice(0, 40)}”不存在：请先导入商品`);
      const minQty = intCell(r.get('minQty'), 1, 10_000_000, 1);
      if (minQty == null) c.bad('minQty', '起订数量须为 ≥1 的整数');
      let fixedPrice: number | null = null;
      let discountBp: number | null = null;
      if (r.get('fixed') && r.get('discount')) c.bad('fixed', '固定价和折扣只能填一个');
      else if (r.get('fixed')) {
        fixedPrice = yuanCell(r.get('fixed'));
        if (fixedPrice == null) c.bad('fixed', `固定价“${r.get('fixed').slice(0, 20)}”不是有效金额（元，最多两位小数）`);
      } else if (r.get('discount')) {
        discountBp = parsePercent(r.get('discount').replace(/%$/, ''));
        if (discountBp == null || discountBp > 10_000) c.bad('discount', '折扣须在 0 到 100（%）之间');
      } else c.bad('fixed', '请填写固定价或折扣');
      if (list && !first && (known || tier || customer)) listFor.set(list.toLowerCase(), { tier, customer, row: r.row });
      if (c.had()) continue;
      units.push({ rows: [r.row], value: { list, tier: tier ?? first?.tier ?? null, customer: customer ?? first?.customer ?? null, skuId: skuId!, item: { skuId: skuId!, minQty: minQty!, fixedPrice, discountBp } } });
    }
    // the breaks of each (list, SKU) must agree with each other (pricing's own rule)
    const byList = new Map<string, Unit<Row>[]>();
    for (const u of units) byList.set(u.value.list.toLowerCase(), [...(byList.get(u.value.list.toLowerCase()) ?? []), u]);
    const bad = new Set<number>();
    for (const us of byList.values()) {
      for (const issue of checkBreaks(us.map((u) => u.value.item), (i) => us[i]!.rows[0]!)) {
        problems.push({ row: issue.row ?? 0, column: '起订数量', message: issue.message });
        if (issue.row != null) bad.add(issue.row);
      }
    }
    const grouped = new Map<string, Unit<Value>>();
    for (const u of units) {
      if (bad.has(u.rows[0]!)) continue;
      const k = `${u.value.list.toLowerCase()}:${u.value.skuId}`;
      const g = grouped.get(k);
      if (g) {
        g.rows.push(u.rows[0]!);
        g.value.items.push(u.value.item);
      } else grouped.set(k, { rows: [u.rows[0]!], value: { list: u.value.list, tier: u.value.tier, customer: u.value.customer, skuId: u.value.skuId, items: [u.value.item] } });
    }
    return { problems, units: [...grouped.values()] };
  },
  async apply(trx, actor, units) {
    const tiers = await ensureTiers(trx, actor, units.map((u) => u.value.tier).filter((t): t is string => !!t));
    const companies = await companyIdsByCode(trx, units.map((u) => u.value.customer).filter((c): c is string => !!c));
    const lists = new Map<string, BulkList>();
    for (const u of units) {
      const k = u.value.list.toLowerCase();
      if (!lists.has(k)) lists.set(k, { name: u.value.list, tierId: u.value.tier ? tiers.get(u.value.tier.toLowerCase())! : null, companyId: u.value.customer ? companies.get(u.value.customer.toLowerCase())! : null, items: [] });
      lists.get(k)!.items.push(...u.value.items);
    }
    const { outcome } = await upsertPriceItems(trx, actor, [...lists.values()]);
    return new Map(units.flatMap((u) => u.rows.map((row) => [row, outcome(u.value.list, u.value.skuId)] as const)));
  },
  async exportRows(db) {
    return (await priceRowsForExport(db)).map((r) => [r.list, r.tier, r.company_code, r.sku_code, r.min_qty,
      r.fixed_price == null ? '' : formatYuan(Number(r.fixed_price)), r.discount_bp == null ? '' : String(Number(r.discount_bp) / 100)]);
  },
};
