import { sql } from 'kysely';
import type { SeedContext } from '../../lib/module';
import { applyBasisPoints } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { createSupplier } from './suppliers';
import { createPurchaseOrder, placePurchaseOrder, receivePurchaseOrder } from './purchase-orders';

/** Demo suppliers supplying every SKU (cost about 60% of the base price) and a few purchase orders. */
export async function seedPurchasingDemo(ctx: SeedContext, actor: Actor): Promise<void> {
  const db = ctx.database.db;
  const skus = await db.selectFrom('skus').select(['id', 'base_price']).where('active', '=', true).orderBy('id').execute();
  const hz = ctx.refs.warehouses?.HZ;
  if (skus.length === 0 || !hz) return;
  const specs = [
    { code: 'GYS001', name: '杭州娃哈哈饮料供应链有限公司', contactName: '钱建华', phone: '0571-86032866', email: 'supply@whh.example.cn', address: '浙江省杭州市上城区清泰街 160 号', lead: 5, bp: 6000 },
    { code: 'GYS002', name: '上海光明乳业经销有限公司', contactName: '沈丽萍', phone: '021-54584520', email: 'order@gm-dairy.example.cn', address: '上海市闵行区吴中路 578 号', lead: 3, bp: 6300 },
    { code: 'GYS003', name: '广州粮油食品进出口有限公司', contactName: '梁志伟', phone: '020-83339990', email: 'po@gz-food.example.cn', address: '广东省广州市越秀区东风中路 437 号', lead: 10, bp: 5800 },
  ];
  const ids: number[] = [];
  for (const s of specs) ids.push((await createSupplier(db, actor, { code: s.code, name: s.name, contactName: s.contactName, phone: s.phone, email: s.email, address: s.address })).id);
  // Each SKU from one preferred supplier (round robin), the next one as an alternative; in bulk.
  const rows = skus.flatMap((k, i) => [0, 1].map((alt) => {
    const si = (i + alt) % specs.length;
    return { supplier_id: ids[si]!, sku_id: k.id, supplier_sku_code: null, cost: applyBasisPoints(k.base_price, specs[si]!.bp + alt * 300), lead_time_days: specs[si]!.lead + alt * 2, moq: k.base_price < 1000 ? 24 : 6, preferred: alt === 0 };
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('supplier_skus').values(rows.slice(i, i + 500)).execute();

  const pick = (n: number, from: number) => skus.slice(from, from + n).filter((k, i, a) => a.indexOf(k) === i);
  const lines = (list: typeof skus) => list.filter((_, i) => i % specs.length === 0).map((k) => ({ skuId: k.id, qty: 240 }));
  const a = lines(pick(12, 0));
  if (a.length) {
    const po = await createPurchaseOrder(db, actor, { supplierId: ids[0]!, warehouseId: hz, expectedAt: null, notes: '春节备货', lines: a });
    await placePurchaseOrder(db, actor, po.id);
    await receivePurchaseOrder(db, actor, po.id, { lines: a.slice(0, Math.ceil(a.length / 2)).map((l) => ({ skuId: l.skuId, qty: 120 })), note: '第一批到货' });
  }
  const b = lines(pick(12, 12));
  if (b.length) {
    const po = await createPurchaseOrder(db, actor, { supplierId: ids[0]!, warehouseId: hz, expectedAt: null, notes: '常规补货', lines: b });
    await placePurchaseOrder(db, actor, po.id);
    await db.updateTable('purchase_orders').set({ expected_at: sql`(now() + interval '5 days')::date` }).where('id', '=', po.id).execute();
  }
}
