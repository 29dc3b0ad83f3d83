import { skuIdsByCode } from '../../catalog/bulk';
import { MAX_QTY } from '../../inventory/stock';
import { ensureWarehouses, setStockLevels, stockRowsForExport, warehouseIds } from '../../inventory/bulk';
import { CODE_RE, intCell, rowChecker, type Column, type Problem, type Template, type Unit } from '../types';

/** Opening stock per warehouse: on hand is set to the file's number (the difference is one ledger row). */
const columns: Column[] = [
  { key: 'warehouse', zh: '仓库编码', en: 'Warehouse code', required: true, width: 12, example: 'WH1' },
  { key: 'warehouseName', zh: '仓库名称', en: 'Warehouse', width: 16, example: '杭州总仓', help: '仓库编码不存在时，填写名称即自动创建该仓库' },
  { key: 'code', zh: 'SKU编码', en: 'SKU code', required: true, width: 16, example: 'NF-550' },
  { key: 'qty', zh: '库存数量', en: 'On hand', required: true, width: 10, example: '240', help: '按基本单位计的整数；导入后现有库存等于此数' },
  { key: 'safety', zh: '安全库存', en: 'Safety stock', width: 10, help: '可不填' },
];

interface Value { warehouse: string; warehouseName: string | null; skuId: number; qty: number; safety: number | null }

export const stockTemplate: Template<Value> = {
  kind: 'stock', zh: '期初库存', en: 'Opening stock', columns, keys: ['warehouse', 'code'], chunk: 2000,
  async prepare(db, rows) {
    const problems: Problem[] = [];
    const units: Unit<Value>[] = [];
    const whs = await warehouseIds(db);
    const skus = await skuIdsByCode(db, rows.map((r) => r.get('code')).filter(Boolean));
    const seen = new Map<string, number>();
    const newWh = new Set<string>();
    for (const r of rows) {
      const c = rowChecker(problems, columns, r.row);
      const wh = r.get('warehouse');
      const whName = r.get('warehouseName');
      if (!wh) c.bad('warehouse', '仓库编码不能为空');
      else if (!CODE_RE.test(wh) || wh.length > 20) c.bad('warehouse', `仓库编码“${wh.slice(0, 30)}”只能包含字母、数字和 - _ .，最多 20 个字符`);
      else if (!whs.has(wh.toLowerCase()) && !whName && !newWh.has(wh.toLowerCase())) c.bad('warehouse', `仓库“${wh}”不存在：请填写仓库名称以自动创建，或先在仓库管理中添加`);
      else if (whs.get(wh.toLowerCase())?.active === false) c.bad('warehouse', `仓库“${wh}”已停用`);
      if (whName.length > 50) c.bad('warehouseName', '仓库名称最多 50 个字');
      const code = r.get('code');
      const skuId = skus.get(code.toLowerCase());
      if (!code) c.bad('code', 'SKU编码不能为空');
      else if (!skuId) c.bad('code', `SKU编码“${code.slice(0, 40)}”不存在：请先导入商品`);
      const qty = intCell(r.get('qty'), 0, MAX_QTY);
      if (qty == null) c.bad('qty', `库存数量须为 0–${MAX_QTY} 的整数`);
      const safety = intCell(r.get('safety'), 0, MAX_QTY);
      if (r.get('safety') !== '' && safety == null) c.bad('safety', `安全库存须为 0–${MAX_QTY} 的整数`);
      const key = `${wh.toLowerCase()}:${code.toLowerCase()}`;
      if (wh && code && seen.has(key)) c.bad('code', `与第 ${seen.get(key)} 行是同一仓库的同一 SKU`);
      if (wh && code && !seen.has(key)) seen.set(key, r.row);
      if (c.had()) continue;
      if (!whs.has(wh.toLowerCase())) newWh.add(wh.toLowerCase());
      units.push({ rows: [r.row], value: { warehouse: wh, warehouseName: whName || null, skuId: skuId!, qty: qty!, safety } });
    }
    return { problems, units };
  },
  async apply(trx, actor, units) {
    const wanted = units.filter((u) => u.value.warehouseName).map((u) => ({ code: u.value.warehouse, name: u.value.warehouseName! }));
    const whs = wanted.length ? await ensureWarehouses(trx, actor, wanted) : await warehouseIds(trx);
    const rows = units.map((u) => ({ skuId: u.value.skuId, warehouseId: whs.get(u.value.warehouse.toLowerCase())!.id, onHand: u.value.qty, safetyStock: u.value.safety }));
    const outcome = await setStockLevels(trx, actor, rows, '期初库存导入 / opening stock import');
    return new Map(units.map((u, i) => [u.rows[0]!, outcome.get(`${rows[i]!.skuId}:${rows[i]!.warehouseId}`) ?? 'unchanged']));
  },
  async exportRows(db, only) {
    return (await stockRowsForExport(db, only?.code)).map((r) => [r.warehouse_code, r.warehouse_name, r.sku_code, Number(r.on_hand), Number(r.safety_stock) || '']);
  },
};
