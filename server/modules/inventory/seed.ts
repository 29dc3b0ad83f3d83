import type { SeedContext } from '../../lib/module';
import type { Actor } from '../auth/actor';
import { applyMovements, type Movement } from './stock';
import { createWarehouse } from './warehouses';
import { createAdjustment, createTransfer } from './operations';
import { createStocktake } from './stocktakes';
import { seedPurchasingDemo } from './seed-purchasing';

/**
 * Demo warehouses (杭州总仓, 上海前置仓, 广州仓) and opening stock for every SKU in the database
 * (the catalog seed runs first), with safety stocks and a few SKUs low or out of stock.
 */
export async function seedInventoryDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const userId = ctx.refs.users?.warehouse ?? ctx.refs.users?.admin;
  const actor: Actor | null = userId ? { userId, login: 'warehouse', name: '赵强', role: 'warehouse', companyId: null, via: 'session', scopes: null } : null;
  const system: Actor = actor ?? { userId: 0, login: 'system', name: 'system', role: 'admin', companyId: null, via: 'session', scopes: null };
  const specs = [
    { code: 'HZ', name: '杭州总仓', address: '浙江省杭州市余杭区仓前街道文一西路 1288 号', provinces: ['浙江省', '江苏省', '上海市', '安徽省'], priority: 10, safety: 100, base: 300, spread: 1500 },
    { code: 'SH', name: '上海前置仓', address: '上海市嘉定区马陆镇宝安公路 2999 号', provinces: ['上海市'], priority: 20, safety: 30, base: 40, spread: 300 },
    { code: 'GZ', name: '广州仓', address: '广东省广州市白云区太和镇广从五路 68 号', provinces: ['广东省', '广西壮族自治区', '福建省', '海南省'], priority: 30, safety: 60, base: 120, spread: 900 },
  ];
  const wh: Record<string, number> = (ctx.refs.warehouses = {});
  for (const w of specs) wh[w.code] = (await createWarehouse(db, system, { code: w.code, name: w.name, address: w.address, provinces: w.provinces, priority: w.priority })).id;

  const skus = await db.selectFrom('skus').select(['id', 'code']).where('active', '=', true).orderBy('id').execute();
  if (skus.length === 0) return;
  // Deterministic quantities so screenshots and tests see the same demo every time.
  const qty = (i: number, w: number, base: number, spread: number) => base + ((i * 7919 + w * 104729) % spread);
  const outOfStock = new Set([skus[5 % skus.length]!.id]);
  const lowAt = new Map<number, string>([[skus[2 % skus.length]!.id, 'HZ'], [skus[7 % skus.length]!.id, 'SH'], [skus[11 % skus.length]!.id, 'GZ']]);
  // 安全库存 for every SKU in every warehouse, in bulk (hundreds of SKUs in the demo catalog).
  for (const spec of specs) {
    await db.insertInto('stock_levels').values(skus.map((k) => ({ sku_id: k.id, warehouse_id: wh[spec.code]!, safety_stock: spec.safety }))).execute();
  }
  for (const [w, spec] of specs.entries()) {
    const moves: Movement[] = [];
    for (const [i, k] of skus.entries()) {
      if (outOfStock.has(k.id)) continue;
      if (spec.code === 'SH' && i % 3 === 2 && lowAt.get(k.id) !== 'SH') continue; // the front warehouse holds fast movers only
      const q = lowAt.get(k.id) === spec.code ? Math.max(1, Math.floor(spec.safety / 3)) : qty(i, w, spec.base, spec.spread);
      // Opening stock has no document, hence no number: the ledger shows the type label (期初).
      moves.push({ skuId: k.id, warehouseId: wh[spec.code]!, type: 'receipt', qty: q, documentType: 'opening', documentId: null, documentNo: null, reason: '期初库存' });
    }
    if (moves.length) await db.transaction().execute((trx) => applyMovements(trx, actor, moves, 'opening'));
  }
  if (!actor) return;
  const a = skus[0]!;
  const b = skus[1 % skus.length]!;
  await createTransfer(db, actor, { fromWarehouseId: wh.HZ!, toWarehouseId: wh.SH!, reason: '前置仓补货', lines: [{ skuId: a.id, qty: 60 }, ...(b.id !== a.id ? [{ skuId: b.id, qty: 24 }] : [])] });
  await createAdjustment(db, actor, { warehouseId: wh.GZ!, reason: '搬运破损报废', lines: [{ skuId: a.id, qty: -3 }] });
  await createStocktake(db, actor, { warehouseId: wh.SH!, note: '月末盘点' });
  await seedPurchasingDemo(ctx, actor);
}
