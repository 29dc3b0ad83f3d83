import { expect } from 'vitest';
import type { Client, TestApp } from '../../test/harness';
import { createTestOrder } from '../../test/order-fixtures';
import { multipart } from '../payments/testkit';

/**
 * A shipped (and received) order of company A for after-sales tests, built through the HTTP API
 * where it matters: optional payment from the prepaid balance (topped up by finance), a shipment
 * from `warehouseId`, and the buyer's receipt. WATER-550 is ordered by the case (箱 = 24 瓶).
 */
export async function shippedOrder(
  t: TestApp,
  c: { warehouse: Client; finance: Client; buyer: Client },
  o: { warehouseId: number; skus: Record<string, number>; water?: number; cola?: number; pay?: boolean; receive?: boolean; ship?: boolean; companyId?: number; buyerUserId?: number },
) {
  const order = await createTestOrder(t.database, {
    companyId: o.companyId ?? t.fx.companyA, buyerUserId: o.buyerUserId ?? t.fx.users.buyerA, status: 'picking', paymentMethod: o.pay ? 'balance' : 'credit',
    lines: [{ skuId: o.skus['WATER-550']!, qty: o.water ?? 48 }, { skuId: o.skus['COLA-330']!, qty: o.cola ?? 24 }],
  });
  await t.db.updateTable('order_lines').set({ unit: '箱', unit_factor: 24 }).where('id', '=', order.lineIds[0]!).execute();
  if (o.pay) {
    const m = multipart({ amount: String(order.total), method: 'transfer', payerName: '测试' });
    const top = await c.finance.request({ method: 'POST', url: `/api/payments/accounts/${o.companyId ?? t.fx.companyA}/topups`, payload: m.payload, headers: m.headers });
    expect(top.statusCode, top.body).toBe(200);
    const paid = await c.buyer.post(`/api/my/orders/${order.orderId}/pay/balance`, { amount: order.total });
    expect(paid.statusCode, paid.body).toBe(200);
  }
  let shipmentId: number | null = null;
  if (o.ship !== false) {
    const s = await c.warehouse.post(`/api/orders/${order.orderId}/shipments`, {
      warehouseId: o.warehouseId, carrier: '顺丰速运', trackingNo: 'SF100', lines: order.lineIds.map((id, i) => ({ orderLineId: id, qty: i === 0 ? o.water ?? 48 : o.cola ?? 24 })),
    });
    expect(s.statusCode, s.body).toBe(200);
    shipmentId = (await t.db.selectFrom('shipments').select('id').where('order_id', '=', order.orderId).executeTakeFirstOrThrow()).id;
    if (o.receive !== false) {
      const r = await c.buyer.post(`/api/my/shipments/${shipmentId}/receipt`, {});
      expect(r.statusCode, r.body).toBe(200);
    }
  }
  return { ...order, shipmentId, water: order.lineIds[0]!, cola: order.lineIds[1]! };
}

export const onHand = async (t: TestApp, skuId: number, warehouseId: number) =>
  Number((await t.db.selectFrom('stock_levels').select('on_hand').where('sku_id', '=', skuId).where('warehouse_id', '=', warehouseId).executeTakeFirst())?.on_hand ?? 0);
export const balanceOf = async (t: TestApp, companyId: number) => Number((await t.db.selectFrom('customer_accounts').select('balance').where('company_id', '=', companyId).executeTakeFirst())?.balance ?? 0);
export const receivableOf = async (t: TestApp, companyId: number) => Number((await t.db.selectFrom('customer_accounts').select('receivable').where('company_id', '=', companyId).executeTakeFirst())?.receivable ?? 0);
export const reasonId = async (t: TestApp, code: string) => (await t.db.selectFrom('aftersales_reasons').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
export const WRITES = ['aftersales_requests', 'aftersales_lines', 'aftersales_history', 'stock_movements', 'refunds', 'ledger_journals', 'order_history', 'outbox'];
