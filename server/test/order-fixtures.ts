import type { Database } from '../lib/db';
import { lineTotal, sumFen } from '../lib/money';
import { applyMovements } from '../modules/inventory/stock';
import { reserve } from '../modules/inventory/reservations';
import type { OrderStatus } from '../modules/orders/status';
import '../modules/orders/tables';
import '../modules/inventory/tables';

/**
 * Orders for tests of modules that act on existing orders (workflow, shipping, payments) without
 * going through the cart. Rows look exactly like a submitted order: frozen lines, reserved stock,
 * a 'submitted' history row. Integration tests of submission itself go through the cart's HTTP API.
 */
export async function seedWarehouseStock(database: Database, skuIds: number[], qty = 1000): Promise<number> {
  const db = database.db;
  const wh = await db
    .insertInto('warehouses')
    .values({ code: `WH${Math.random().toString(36).slice(2, 7)}`, name: '测试仓', address: null, provinces: [], priority: 10, active: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.transaction().execute((trx) =>
    applyMovements(trx, null, skuIds.map((skuId) => ({ skuId, warehouseId: wh.id, type: 'receipt' as const, qty, documentType: 'test', documentId: 1 }))),
  );
  return wh.id;
}

let seq = 0;

export interface TestOrderInput {
  companyId: number;
  buyerUserId: number;
  lines: { skuId: number; qty: number; unitPrice?: number }[];
  status?: OrderStatus;
  paymentMethod?: 'online' | 'transfer' | 'balance' | 'credit' | 'cod' | null;
  /** reserve stock for the lines (default true; needs stock, see seedWarehouseStock) */
  reserve?: boolean;
}

export async function createTestOrder(database: Database, input: TestOrderInput): Promise<{ orderId: number; number: string; lineIds: number[]; total: number }> {
  return database.db.transaction().execute(async (trx) => {
    const skus = await trx
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select(['skus.id', 'skus.code', 'skus.base_price', 'products.name', 'products.base_unit'])
      .where('skus.id', 'in', input.lines.map((l) => l.skuId))
      .execute();
    const lines = input.lines.map((l, i) => {
      const sku = skus.find((s) => s.id === l.skuId);
      if (!sku) throw new Error(`test order: unknown sku ${l.skuId}`);
      const unitPrice = l.unitPrice ?? sku.base_price;
      return { line_no: i + 1, sku_id: sku.id, sku_code: sku.code, name: sku.name, unit: sku.base_unit, unit_factor: 1, qty: l.qty, unit_price: unitPrice, base_price: sku.base_price, price_rule: null, line_total: lineTotal(unitPrice, l.qty) };
    });
    const total = sumFen(lines.map((l) => l.line_total));
    seq += 1;
    const number = `TEST${process.pid}-${Date.now()}-${seq}`;
    const order = await trx
      .insertInto('orders')
      .values({
        number,
        company_id: input.companyId,
        buyer_user_id: input.buyerUserId,
        placed_by_user_id: input.buyerUserId,
        status: input.status ?? 'pending_review',
        payment_method: input.paymentMethod ?? null,
        subtotal: total,
        total,
        address: JSON.stringify({ contact: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' }),
        wished_delivery_date: null,
        invoice: null,
        customer_po: null,
        note: null,
        approved_at: null, shipped_at: null, delivered_at: null, completed_at: null, cancelled_at: null, cancel_reason: null, reject_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('order_lines')
      .values(lines.map((l) => ({ ...l, order_id: order.id, price_rule: null })))
      .returning(['id', 'sku_id', 'qty'])
      .execute();
    await trx
      .insertInto('order_history')
      .values({ order_id: order.id, event: 'submit', from_status: null, to_status: input.status ?? 'pending_review', actor_user_id: input.buyerUserId, actor_label: 'test', note: null, data: null })
      .execute();
    if (input.reserve !== false) {
      await reserve(trx, { orderId: order.id, companyId: input.companyId, lines: inserted.map((l) => ({ orderLineId: l.id, skuId: l.sku_id, qty: l.qty })) });
    }
    return { orderId: order.id, number, lineIds: inserted.map((l) => l.id), total };
  });
}
