import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { onHand, reasonId, shippedOrder, WRITES } from './testkit';
import { setPromotionShare } from './refund-share';

/** Exchanges and reissues (issue 14): the replacement is reserved at approval, released on cancel, shipped through the shipping module's pick list and shipments. */
let t: TestApp;
let skus: Record<string, number>;
let wh: number;
let admin: Client, warehouse: Client, finance: Client, buyerA: Client, buyerB: Client;
let wrong: number;
const WATER = () => skus['WATER-550']!;
const COLA = () => skus['COLA-330']!;
const level = async (sku: number) => (await t.db.selectFrom('stock_levels').select(['on_hand', 'reserved']).where('sku_id', '=', sku).where('warehouse_id', '=', wh).executeTakeFirstOrThrow());
const state = () => counts(t.db, [...WRITES, 'reservations']);
const ship = () => shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus, pay: true });
const request = (body: Record<string, unknown>) => buyerA.post('/api/my/aftersales', { reasonId: wrong, description: '发错规格', ...body });
const act = (id: number, body: Record<string, unknown>, as: Client) => as.post(as === buyerA ? `/api/my/aftersales/${id}/events` : `/api/aftersales/${id}/events`, body);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 1000);
  [admin, warehouse, finance, buyerA, buyerB] = await Promise.all(['admin', 'warehouse', 'finance', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  wrong = await reasonId(t, 'wrong_item');
});
afterAll(() => t.close());

describe('replacements of exchanges and reissues', () => {
  it('an exchange reserves its replacement at approval, gives back refused units, ships the rest with a delivery note in the unit ordered', async () => {
    const o = await ship();
    const r = (await request({ orderId: o.orderId, kind: 'exchange', lines: [{ orderLineId: o.water, qty: 48 }] })).json();
    const l0 = await level(WATER());
    const ok = await act(r.id, { event: 'approve' }, admin);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().lines[0]).toMatchObject({ heldQty: 48, replacementQty: 0, replacementQtyText: null });
    expect(await level(WATER())).toEqual({ on_hand: l0.on_hand, reserved: l0.reserved + 48 });
    const res = await t.db.selectFrom('reservations').select(['order_id', 'order_line_id', 'qty', 'status', 'document_type', 'document_id']).where('document_id', '=', r.id).execute();
    expect(res).toEqual([{ order_id: o.orderId, order_line_id: o.water, qty: 48, status: 'active', document_type: 'aftersales', document_id: r.id }]);

    // no delivery note before the replacement leaves
    const early = await admin.get(`/api/aftersales/${r.id}/delivery-note`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('AFTERSALES_REPLACEMENT_NOT_SHIPPED');

    // an exchange waits for its goods before the warehouse may pick the replacement
    const listed = async () => ((await warehouse.get(`/api/pick-lists?warehouseId=${wh}`)).json().orders as { number: string }[]).some((x) => x.number === r.number);
    expect(await listed()).toBe(false);
    const recv = await act(r.id, { event: 'receive', inspection: { warehouseId: wh, lines: [{ lineId: r.lines[0].id, toStock: 47, defective: 0, refused: 1, refuseReason: '瓶身已开封' }] } }, warehouse);
    expect(recv.statusCode, recv.body).toBe(200);
    expect(recv.json().lines[0].heldQty).toBe(47);
    expect(await level(WATER())).toEqual({ on_hand: l0.on_hand + 47, reserved: l0.reserved + 47 });

    expect(await listed()).toBe(true);
    const out = await act(r.id, { event: 'ship_replacement', replacement: { carrier: '德邦物流', trackingNo: 'DB556' } }, warehouse);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ status: 'shipped', lines: [{ heldQty: 0, replacementQty: 47, replacementQtyText: '1 箱 + 23 瓶（47 瓶）' }] });
    expect(out.json().replacementShippedAt).toBeTruthy();
    expect(await level(WATER())).toEqual({ on_hand: l0.on_hand, reserved: l0.reserved });
    const mv = await t.db.selectFrom('stock_movements').select(['type', 'qty', 'document_no', 'order_id']).where('document_type', '=', 'aftersales').where('document_id', '=', r.id).orderBy('id').execute();
    expect(mv).toEqual([{ type: 'return', qty: 47, document_no: r.number, order_id: null }, { type: 'shipment', qty: -47, document_no: r.number, order_id: o.orderId }]);

    for (const [who, url] of [[admin, `/api/aftersales/${r.id}/delivery-note`], [buyerA, `/api/my/aftersales/${r.id}/delivery-note?paper=80mm`]] as const) {
      const note = await who.get(url);
      expect(note.statusCode, note.body).toBe(200);
      expect(note.headers['content-type']).toMatch(/text\/html/);
      expect(note.body).toContain('换货发货单');
      expect(note.body).toContain(r.number);
      expect(note.body).toContain('1 箱 + 23 瓶（47 瓶）');
      expect(note.body).toContain('DB556');
    }
    // another company's buyer: 404, like the request itself
    expect((await buyerB.get(`/api/my/aftersales/${r.id}/delivery-note`)).statusCode).toBe(404);
    expect((await admin.get('/api/aftersales/999999/delivery-note')).statusCode).toBe(404);
    expect((await admin.get(`/api/aftersales/${r.id}/delivery-note?paper=a3`)).statusCode).toBe(400);
  });

  it("a replacement ships through the shipping module: in the warehouse's pick list once ready, a shipment SH…-1 of the order with tracking, received when the buyer confirms", async () => {
    const o = await ship();
    const r = (await request({ orderId: o.orderId, kind: 'reissue', lines: [{ orderLineId: o.water, qty: 30 }, { orderLineId: o.cola, qty: 2 }] })).json();
    const picks = async () => (await warehouse.get(`/api/pick-lists?warehouseId=${wh}`)).json() as { orders: { number: string; orderId: number; document: { type: string; id: number; title: string; orderNumber: string; link: string } | null; lines: { orderLineId: number; qty: number }[] }[]; totals: { skuId: number; qty: number }[] };
    const waterTotal = async () => (await picks()).totals.find((x) => x.skuId === WATER())?.qty ?? 0;
    expect((await picks()).orders.some((x) => x.number === r.number)).toBe(false);
    const t0 = await waterTotal();
    expect((await act(r.id, { event: 'approve' }, admin)).statusCode).toBe(200);
    // approved reissue: ready, in the same queue as the orders, with its own number, units and link
    const entry = (await picks()).orders.find((x) => x.number === r.number)!;
    expect(entry).toMatchObject({ orderId: o.orderId, document: { type: 'aftersales', id: r.id, kind: 'reissue', title: '补发', orderNumber: o.number, link: `/admin/aftersales/${r.id}` } });
    expect(entry.lines.map((l) => [l.orderLineId, l.qty])).toEqual([[o.water, 30], [o.cola, 2]]);
    expect(await waterTotal()).toBe(t0 + 30);
    const print = await warehouse.get(`/api/pick-lists/print?warehouseId=${wh}`);
    expect(print.body).toContain(`【补发】${r.number}`);
    // another role may not see the pick list; other warehouses do not list it
    expect((await buyerA.get(`/api/pick-lists?warehouseId=${wh}`)).statusCode).toBe(403);

    const out = await act(r.id, { event: 'ship_replacement', replacement: { carrier: '顺丰速运', trackingNo: 'SF777' } }, warehouse);
    expect(out.statusCode, out.body).toBe(200);
    expect((await picks()).orders.some((x) => x.number === r.number)).toBe(false);
    expect(await waterTotal()).toBe(t0);
    const [s] = out.json().shipments;
    expect(out.json().shipments).toHaveLength(1);
    expect(s).toMatchObject({ number: `${r.number}-1`, orderId: o.orderId, warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF777', status: 'in_transit', documentType: 'aftersales', documentId: r.id, documentNo: r.number });
    expect(s.lines.map((l: { orderLineId: number; qty: number }) => [l.orderLineId, l.qty])).toEqual([[o.water, 30], [o.cola, 2]]);
    // the ledger rows carry the request's number
    const mv = await t.db.selectFrom('stock_movements').select(['sku_id', 'qty', 'document_no', 'order_id']).where('document_type', '=', 'aftersales').where('document_id', '=', r.id).orderBy('sku_id').execute();
    expect(mv).toHaveLength(2);
    expect(mv).toEqual(expect.arrayContaining([{ sku_id: WATER(), qty: -30, document_no: r.number, order_id: o.orderId }, { sku_id: COLA(), qty: -2, document_no: r.number, order_id: o.orderId }]));
    // the order's own shipments stay its own: its list and its numbering do not count the replacement
    const own = (await admin.get(`/api/orders/${o.orderId}/shipments`)).json() as { number: string }[];
    expect(own.map((x) => x.number)).toEqual([`${o.number}-1`]);
    // shipping's own routes know the shipment: detail, tracking, delivery note
    expect((await admin.get(`/api/shipments/${s.id}`)).json()).toMatchObject({ number: `${r.number}-1`, documentNo: r.number });
    const tr = await warehouse.post(`/api/shipments/${s.id}/tracking`, { description: '已揽收', place: '杭州' });
    expect(tr.statusCode, tr.body).toBe(200);
    const note = await warehouse.get(`/api/shipments/${s.id}/delivery-note`);
    expect(note.body).toContain('补发发货单');
    expect(note.body).toContain(r.number);
    expect(note.body).toContain('1 箱 + 6 瓶（30 瓶）');
    // the buyer sees shipment and tracking on the request; another company does not
    const mine = (await buyerA.get(`/api/my/aftersales/${r.id}`)).json();
    expect(mine.shipments[0]).toMatchObject({ number: `${r.number}-1`, trackingNo: 'SF777', tracking: [{ description: '已揽收', place: '杭州' }] });
    expect((await buyerB.get(`/api/my/aftersales/${r.id}`)).statusCode).toBe(404);
    // its receipt goes through the request, not the order's 签收
    const before = await state();
    const rec = await buyerA.post(`/api/my/shipments/${s.id}/receipt`, {});
    expect(rec.statusCode).toBe(409);
    expect(rec.json().error).toMatchObject({ code: 'SHIPMENT_OF_DOCUMENT' });
    expect(rec.json().error.message).toContain(r.number);
    expect(await state()).toEqual(before);
    const done = await act(r.id, { event: 'confirm_replacement' }, buyerA);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().shipments[0]).toMatchObject({ status: 'received' });
    expect(done.json().shipments[0].receivedAt).toBeTruthy();
  });

  it('approval is refused with nothing written when the replacement is not in stock; a cancel releases what approval reserved', async () => {
    const o = await ship();
    const r = (await request({ orderId: o.orderId, kind: 'reissue', lines: [{ orderLineId: o.cola, qty: 5 }] })).json();
    const cola = await level(COLA());
    await t.db.updateTable('stock_levels').set({ on_hand: cola.reserved + 4 }).where('sku_id', '=', COLA()).where('warehouse_id', '=', wh).execute();
    const before = await state();
    const short = await act(r.id, { event: 'approve' }, admin);
    expect(short.statusCode).toBe(409);
    expect(short.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: [{ requested: 5, available: 4 }] });
    expect(short.json().error.message).toMatch(/库存不足/);
    expect(await state()).toEqual(before);
    expect((await buyerA.get(`/api/my/aftersales/${r.id}`)).json().status).toBe('submitted');

    await t.db.updateTable('stock_levels').set({ on_hand: cola.on_hand }).where('sku_id', '=', COLA()).where('warehouse_id', '=', wh).execute();
    expect((await act(r.id, { event: 'approve' }, admin)).statusCode).toBe(200);
    expect((await level(COLA())).reserved).toBe(cola.reserved + 5);
    const cancel = await act(r.id, { event: 'cancel', note: '不需要了' }, buyerA);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await level(COLA())).toEqual(cola);
    expect((await t.db.selectFrom('reservations').select('status').where('document_id', '=', r.id).where('document_type', '=', 'aftersales').executeTakeFirstOrThrow()).status).toBe('released');
  });

  it("the order's own next shipment never takes a replacement's reserved units", async () => {
    // an order shipped in part: 24 of 48 bottles left, still reserved for the order
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'picking', paymentMethod: 'credit', lines: [{ skuId: WATER(), qty: 48 }] });
    const first = await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF1', lines: [{ orderLineId: o.lineIds[0], qty: 24 }] });
    expect(first.statusCode, first.body).toBe(200);
    const r = (await request({ orderId: o.orderId, kind: 'reissue', lines: [{ orderLineId: o.lineIds[0], qty: 6 }] })).json();
    expect((await act(r.id, { event: 'approve' }, admin)).statusCode).toBe(200);
    // the order can ship its remaining 24, not 30
    const tooMuch = await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF2', lines: [{ orderLineId: o.lineIds[0], qty: 30 }] });
    expect(tooMuch.statusCode).toBeGreaterThanOrEqual(400);
    expect(tooMuch.statusCode).toBeLessThan(500);
    const rest = await warehouse.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', trackingNo: 'SF2', lines: [{ orderLineId: o.lineIds[0], qty: 24 }] });
    expect(rest.statusCode, rest.body).toBe(200);
    expect((await buyerA.get(`/api/my/aftersales/${r.id}`)).json().lines[0].heldQty).toBe(6);
    const w0 = await onHand(t, WATER(), wh);
    const out = await act(r.id, { event: 'ship_replacement', replacement: { carrier: '顺丰速运' } }, warehouse);
    expect(out.statusCode, out.body).toBe(200);
    expect(await onHand(t, WATER(), wh)).toBe(w0 - 6);
  });

  it('bad replacement input is a 4xx with nothing written', async () => {
    const o = await ship();
    const r = (await request({ orderId: o.orderId, kind: 'reissue', lines: [{ orderLineId: o.cola, qty: 1 }] })).json();
    await act(r.id, { event: 'approve' }, admin);
    const before = await state();
    for (const replacement of [{ carrier: '' }, { carrier: '顺丰', warehouseId: -1 }, { carrier: '顺丰', warehouseId: 'a' }, { carrier: '顺丰', warehouseId: 999_999 }, { carrier: '😀'.repeat(60) }, { carrier: '顺丰', extra: 1 }]) {
      const res = await act(r.id, { event: 'ship_replacement', replacement }, warehouse);
      expect(res.statusCode, JSON.stringify(replacement)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect((await act(r.id, { event: 'ship_replacement' }, warehouse)).json().error.code).toBe('AFTERSALES_DETAILS_REQUIRED');
    expect(await state()).toEqual(before);
  });

  it("marketing's promotions hook decides what the units paid (held within the line's paid total); without promotions on the order an even share", async () => {
    const o = await ship();
    const asked: unknown[] = [];
    const wired = setPromotionShare(async (_trx, u) => { asked.push(u); return u.qty === 1 ? 150 : 10_000_000; });
    try {
      const one = (await request({ orderId: o.orderId, kind: 'exchange', lines: [{ orderLineId: o.cola, qty: 1 }] })).json();
      expect(one.lines[0].paidAmount).toBe(150);
      const many = (await request({ orderId: o.orderId, kind: 'exchange', lines: [{ orderLineId: o.cola, qty: 2 }] })).json();
      const line = await t.db.selectFrom('order_lines').select('line_total').where('id', '=', o.cola).executeTakeFirstOrThrow();
      expect(many.lines[0].paidAmount).toBe(line.line_total);
      expect(asked[0]).toMatchObject({ orderId: o.orderId, orderLineId: o.cola, qty: 1, lineQty: 24 });
    } finally {
      setPromotionShare(wired);
    }
    const even = (await request({ orderId: o.orderId, kind: 'exchange', lines: [{ orderLineId: o.cola, qty: 2 }] })).json();
    expect(even.lines[0].paidAmount).toBe(Math.floor((Number((await t.db.selectFrom('order_lines').select('line_total').where('id', '=', o.cola).executeTakeFirstOrThrow()).line_total) * 2) / 24));
  });
});
