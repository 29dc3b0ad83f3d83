import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent } from '../payments/testkit';
import { computeStatement } from '../payments/statements';
import { balanceOf, onHand, reasonId, receivableOf, shippedOrder, WRITES } from './testkit';

let t: TestApp;
let skus: Record<string, number>;
let wh: number, quarantine: number;
let admin: Client, warehouse: Client, finance: Client, sales: Client, buyerA: Client, ownerA: Client, buyerB: Client;
let damaged: number;
const state = () => counts(t.db, WRITES);
const ship = (o: Parameters<typeof shippedOrder>[2] extends infer P ? Partial<P> : never = {}) =>
  shippedOrder(t, { warehouse, finance, buyer: o.companyId === t.fx.companyB ? buyerB : buyerA }, { warehouseId: wh, skus, ...o });
const request = (o: { orderId: number; lines: { orderLineId: number; qty: number }[]; kind?: string; shipmentId?: number | null }, as: Client = buyerA) =>
  as.post(as === admin || as === sales ? '/api/aftersales' : '/api/my/aftersales', { kind: 'return_refund', reasonId: damaged, description: '两瓶破损', ...o });
const act = (id: number, body: Record<string, unknown>, as: Client) => as.post(as === buyerA || as === ownerA || as === buyerB ? `/api/my/aftersales/${id}/events` : `/api/aftersales/${id}/events`, body);

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 1000);
  quarantine = (await t.db.insertInto('warehouses').values({ code: 'QC', name: '次品仓', address: null, provinces: [], priority: 99, active: false }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).execute();
  [admin, warehouse, finance, sales, buyerA, ownerA, buyerB] = await Promise.all(['admin', 'warehouse', 'finance', 'sales', 'buyerA', 'ownerA', 'buyerB'].map((l) => t.as(l)));
  expect((await admin.put('/api/aftersales/settings', { quarantineWarehouseId: quarantine, windowDays: 15 })).json()).toMatchObject({ quarantineWarehouseId: quarantine, windowDays: 15 });
  damaged = await reasonId(t, 'damaged');
});
afterAll(() => t.close());

describe('after-sales through HTTP', () => {
  it('return and refund: buyer applies on a phone, staff approve, the warehouse receives (1 to stock, 1 defective), finance refunds to the balance', async () => {
    const o = await ship({ pay: true });
    const opts = (await buyerA.get(`/api/my/orders/${o.orderId}/aftersales-options`)).json();
    expect(opts.lines.map((l: { availableQty: number; unit: string; unitFactor: number }) => [l.availableQty, l.unit, l.unitFactor])).toEqual([[48, '箱', 24], [24, '罐', 1]]);
    const created = await request({ orderId: o.orderId, shipmentId: o.shipmentId, lines: [{ orderLineId: o.water, qty: 2 }] });
    expect(created.statusCode, created.body).toBe(200);
    const r = created.json();
    expect(r).toMatchObject({ status: 'submitted', kind: 'return_refund', version: 1, reasonZh: '商品破损', events: ['cancel'] });
    expect(r.number).toMatch(/^SH\d{8}-\d{4}$/);
    expect(r.lines[0]).toMatchObject({ qty: 2, qtyText: '2 瓶（不足 1 箱）', paidAmount: 400 });
    const water0 = await onHand(t, skus['WATER-550']!, wh);
    const balance0 = await balanceOf(t, t.fx.companyA);

    // two staff approve at once: one wins, the other gets a version conflict
    const both = await Promise.all([act(r.id, { event: 'approve', version: 1 }, admin), act(r.id, { event: 'approve', version: 1 }, sales)]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(both.find((x) => x.statusCode === 409)!.json().error.code).toMatch(/AFTERSALES_VERSION_CONFLICT|AFTERSALES_TRANSITION_NOT_ALLOWED/);

    const back = await act(r.id, { event: 'ship_back', returnShipment: { carrier: '中通快递', trackingNo: 'ZT778899' } }, buyerA);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returning', returnCarrier: '中通快递', returnTrackingNo: 'ZT778899' });
    expect(await onHand(t, skus['WATER-550']!, wh)).toBe(water0); // nothing moves before inspection

    // an unknown warehouse is refused with nothing written
    const before = await state();
    const bad = await act(r.id, { event: 'receive', inspection: { warehouseId: 999_999, lines: [{ lineId: r.lines[0].id, toStock: 1, defective: 1, refused: 0 }] } }, warehouse);
    expect(bad.statusCode).toBe(400);
    const mismatch = await act(r.id, { event: 'receive', inspection: { warehouseId: wh, lines: [{ lineId: r.lines[0].id, toStock: 1, defective: 0, refused: 0 }] } }, warehouse);
    expect(mismatch.json().error.code).toBe('AFTERSALES_INSPECTION_MISMATCH');
    expect(await state()).toEqual(before);

    const recv = await act(r.id, { event: 'receive', version: back.json().version, inspection: { warehouseId: wh, lines: [{ lineId: r.lines[0].id, toStock: 1, defective: 1, refused: 0 }] } }, warehouse);
    expect(recv.statusCode, recv.body).toBe(200);
    expect(recv.json()).toMatchObject({ status: 'received', lines: [{ toStockQty: 1, defectiveQty: 1, refusedQty: 0 }] });
    expect(await onHand(t, skus['WATER-550']!, wh)).toBe(water0 + 1);
    expect(await onHand(t, skus['WATER-550']!, quarantine)).toBe(1);
    const mv = await t.db.selectFrom('stock_movements').select(['type', 'qty', 'warehouse_id', 'document_no']).where('document_type', '=', 'aftersales').where('document_id', '=', r.id).orderBy('id').execute();
    expect(mv).toEqual([{ type: 'return', qty: 1, warehouse_id: wh, document_no: r.number }, { type: 'return', qty: 1, warehouse_id: quarantine, document_no: r.number }]);
    expect(await balanceOf(t, t.fx.companyA)).toBe(balance0); // no money before the refund step

    // never above what was paid for those units; refund of less needs a reason
    const s1 = await state();
    expect((await act(r.id, { event: 'refund', refund: { amount: 401, destination: 'balance' } }, finance)).json().error.code).toBe('AFTERSALES_REFUND_EXCEEDS');
    expect((await act(r.id, { event: 'refund', refund: { amount: 300, destination: 'balance' } }, finance)).json().error.code).toBe('AFTERSALES_REFUND_NOTE_REQUIRED');
    expect((await act(r.id, { event: 'refund', refund: { destination: 'balance' } }, warehouse)).json().error.code).toBe('AFTERSALES_EVENT_FORBIDDEN');
    expect(await state()).toEqual(s1);

    const refund = await act(r.id, { event: 'refund', refund: { destination: 'balance' } }, finance);
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json()).toMatchObject({ status: 'completed', refundAmount: 400, creditAmount: 400, refunds: [{ amount: 400, destination: 'balance', status: 'succeeded' }] });
    expect(await balanceOf(t, t.fx.companyA)).toBe(balance0 + 400);
    const order = (await buyerA.get(`/api/my/orders/${o.orderId}`)).json();
    expect(order).toMatchObject({ paymentStatus: 'partially_refunded' });
    expect(order.history.filter((h: { event: string }) => h.event === 'aftersales').map((h: { note: string }) => h.note)).toEqual([
      `售后 ${r.number}：已提交`, `售后 ${r.number}：审核通过`, `售后 ${r.number}：买家已寄回`, `售后 ${r.number}：仓库收货验货`, `售后 ${r.number}：已退款`,
    ]);
    const detail = (await buyerA.get(`/api/my/aftersales/${r.id}`)).json();
    expect(detail.history.map((h: { event: string }) => h.event)).toEqual(['create', 'approve', 'ship_back', 'receive', 'refund']);
    const ledger = (await buyerA.get('/api/my/account/ledger')).json();
    expect(ledger.items.slice(0, 2).map((j: { kind: string; balanceChange: number }) => [j.kind, j.balanceChange])).toEqual([['refund', 400], ['return_credit', 0]]);
    expect((await act(r.id, { event: 'refund', refund: { destination: 'balance' } }, finance)).json().error.code).toBe('AFTERSALES_TRANSITION_NOT_ALLOWED');
    await t.drainOutbox();
    const notes = await t.db.selectFrom('notifications').select('title').where('user_id', '=', t.fx.users.buyerA).where('title', 'like', `%${r.number}%`).execute();
    expect(notes.length).toBeGreaterThanOrEqual(4);
    await expectLedgerConsistent(t);
  });

  it('refund only for a credit customer: a credit note reduces the receivable and shows on the statement; nothing moves in stock', async () => {
    await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30 }).where('id', '=', t.fx.companyB).execute();
    const o = await ship({ companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB });
    const r = (await request({ orderId: o.orderId, kind: 'refund_only', lines: [{ orderLineId: o.cola, qty: 4 }] }, buyerB)).json();
    expect(r.lines[0].qtyText).toBe('4 罐');
    expect((await act(r.id, { event: 'approve' }, admin)).json().events).toEqual(['refund', 'cancel']);
    const mv0 = (await counts(t.db, ['stock_movements'])).stock_movements;
    const start = new Date(Date.now() - 60_000);
    const done = await act(r.id, { event: 'refund', refund: { destination: 'original' } }, finance);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', refundAmount: 1000, creditAmount: 1000, refunds: [] });
    expect(await receivableOf(t, t.fx.companyB)).toBe(o.total - 1000);
    expect((await counts(t.db, ['stock_movements'])).stock_movements).toBe(mv0);
    const st = await computeStatement(t.db, t.fx.companyB, start, new Date(Date.now() + 60_000));
    expect(st).toMatchObject({ orders: o.total, cancellations: 1000, closing: o.total - 1000 });
    await expectLedgerConsistent(t);
  });

  it('exchange: returned goods go to stock and the replacement leaves the warehouse with the request number; the buyer confirms', async () => {
    const o = await ship({ pay: true });
    const r = (await request({ orderId: o.orderId, kind: 'exchange', lines: [{ orderLineId: o.water, qty: 24 }] })).json();
    expect(r.lines[0].qtyText).toBe('1 箱（24 瓶）');
    await act(r.id, { event: 'approve' }, admin);
    const w0 = await onHand(t, skus['WATER-550']!, wh);
    const recv = await act(r.id, { event: 'receive', inspection: { warehouseId: wh, lines: [{ lineId: r.lines[0].id, toStock: 20, defective: 0, refused: 4, refuseReason: '外包装已拆' }] } }, warehouse);
    expect(recv.statusCode, recv.body).toBe(200);
    expect(await onHand(t, skus['WATER-550']!, wh)).toBe(w0 + 20);
    const out = await act(r.id, { event: 'ship_replacement', replacement: { warehouseId: wh, carrier: '德邦物流', trackingNo: 'DB555' } }, warehouse);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ status: 'shipped', replacementCarrier: '德邦物流', replacementTrackingNo: 'DB555' });
    expect(await onHand(t, skus['WATER-550']!, wh)).toBe(w0);
    const done = await act(r.id, { event: 'confirm_replacement' }, buyerA);
    expect(done.json().status).toBe('completed');
    expect(await balanceOf(t, t.fx.companyA)).toBeGreaterThanOrEqual(0);
  });

  it('reissue of missing goods: approved, shipped from stock, confirmed', async () => {
    const o = await ship({ pay: true });
    const r = (await request({ orderId: o.orderId, kind: 'reissue', lines: [{ orderLineId: o.cola, qty: 2 }] })).json();
    await act(r.id, { event: 'approve' }, sales);
    const c0 = await onHand(t, skus['COLA-330']!, wh);
    const out = await act(r.id, { event: 'ship_replacement', replacement: { warehouseId: wh, carrier: '顺丰速运' } }, warehouse);
    expect(out.statusCode, out.body).toBe(200);
    expect(await onHand(t, skus['COLA-330']!, wh)).toBe(c0 - 2);
    expect((await act(r.id, { event: 'confirm_replacement' }, admin)).json().status).toBe('completed');
  });

  it('limits: never more than shipped minus already requested; cancelled requests free their quantity; window after receipt; unshipped orders', async () => {
    const o = await ship({ pay: true });
    const first = (await request({ orderId: o.orderId, lines: [{ orderLineId: o.water, qty: 46 }] })).json();
    const s0 = await state();
    const over = await request({ orderId: o.orderId, lines: [{ orderLineId: o.water, qty: 3 }] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'AFTERSALES_QTY_EXCEEDS', message: '“天然矿泉水 550ml”最多还能申请 2 瓶（不足 1 箱）（已发货 2 箱，已申请 1 箱 + 22 瓶）' });
    expect(await state()).toEqual(s0);
    expect((await request({ orderId: o.orderId, lines: [{ orderLineId: o.water, qty: 2 }] })).statusCode).toBe(200);
    expect((await act(first.id, { event: 'cancel', note: '不退了' }, buyerA)).json().status).toBe('cancelled');
    expect((await request({ orderId: o.orderId, lines: [{ orderLineId: o.water, qty: 46 }] })).statusCode).toBe(200);

    const late = await ship({ pay: false });
    await t.db.updateTable('shipments').set({ received_at: new Date(Date.now() - 16 * 86_400_000) }).where('order_id', '=', late.orderId).execute();
    const unshipped = await ship({ ship: false });
    const s1 = await state();
    const closed = await request({ orderId: late.orderId, lines: [{ orderLineId: late.cola, qty: 1 }] });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('AFTERSALES_WINDOW_CLOSED');
    const none = await request({ orderId: unshipped.orderId, lines: [{ orderLineId: unshipped.cola, qty: 1 }] });
    expect(none.json().error.code).toBe('AFTERSALES_NOT_SHIPPED');
    expect(await state()).toEqual(s1);
  });

  it("another company's orders and requests are 404; bad input is a 4xx with nothing written", async () => {
    const o = await ship({ pay: true });
    const mine = (await request({ orderId: o.orderId, lines: [{ orderLineId: o.cola, qty: 1 }] })).json();
    const b = await ship({ companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB });
    const s0 = await state();
    expect((await request({ orderId: o.orderId, lines: [{ orderLineId: o.cola, qty: 1 }] }, buyerB)).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/aftersales/${mine.id}`)).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/orders/${o.orderId}/aftersales-options`)).statusCode).toBe(404);
    expect((await act(mine.id, { event: 'cancel' }, buyerB)).statusCode).toBe(404);
    expect((await buyerB.get('/api/my/aftersales')).json().items.some((i: { id: number }) => i.id === mine.id)).toBe(false);
    for (const lines of [[{ orderLineId: o.cola, qty: -1 }], [{ orderLineId: o.cola, qty: 1.5 }], [{ orderLineId: o.cola, qty: 0 }], [{ orderLineId: o.cola, qty: '2' }], [], [{ orderLineId: o.cola, qty: 1 }, { orderLineId: o.cola, qty: 1 }]]) {
      const r = await request({ orderId: o.orderId, lines: lines as never });
      expect(r.statusCode, JSON.stringify(lines)).toBe(400);
    }
    const foreignLine = await request({ orderId: o.orderId, lines: [{ orderLineId: b.cola, qty: 1 }] });
    expect(foreignLine.json().error).toMatchObject({ code: 'AFTERSALES_LINE_UNKNOWN', details: [{ path: 'body.lines.0.orderLineId' }] });
    expect((await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'return_refund', reasonId: 999_999, lines: [{ orderLineId: o.cola, qty: 1 }] })).statusCode).toBe(400);
    expect((await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'steal', reasonId: damaged, lines: [{ orderLineId: o.cola, qty: 1 }] })).statusCode).toBe(400);
    expect((await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'return_refund', reasonId: damaged, lines: [{ orderLineId: o.cola, qty: 1 }], status: 'completed' })).statusCode).toBe(400);
    expect((await act(mine.id, { event: 'approve' }, buyerA)).json().error.code).toBe('AFTERSALES_EVENT_FORBIDDEN');
    expect((await act(mine.id, { event: 'reject' }, admin)).json().error.code).toBe('AFTERSALES_REASON_REQUIRED');
    expect((await act(mine.id, { event: 'fly' }, admin)).statusCode).toBe(400);
    expect((await buyerA.post(`/api/aftersales/${mine.id}/events`, { event: 'approve' })).statusCode).toBe(403);
    expect(await state()).toEqual(s0);
    const en = await buyerA.post('/api/my/aftersales', { orderId: o.orderId, kind: 'return_refund', reasonId: damaged, lines: [{ orderLineId: o.cola, qty: 99 }] }, { 'accept-language': 'en' });
    expect(en.json().error.message).toContain('at most');
  });

  it('a receipt with shortage and damage opens draft requests for the buyer to confirm (once)', async () => {
    const o = await ship({ pay: true, receive: false });
    const rc = await buyerA.post(`/api/my/shipments/${o.shipmentId}/receipt`, { lines: [{ orderLineId: o.cola, receivedQty: 21, damagedQty: 2, note: '少一罐，破两罐' }] });
    expect(rc.statusCode, rc.body).toBe(200);
    await t.drainOutbox();
    await t.db.insertInto('outbox').values({ topic: 'shipment.discrepancy', payload: JSON.stringify({ shipmentId: o.shipmentId }) } as never).execute();
    await t.drainOutbox();
    const list = (await buyerA.get(`/api/my/aftersales?orderId=${o.orderId}`)).json();
    expect(list.items.map((i: { kind: string; status: string; source: string; summary: string }) => [i.kind, i.status, i.source, i.summary]).sort()).toEqual([
      ['reissue', 'draft', 'receipt', '可口可乐 330ml × 1 罐'],
      ['return_refund', 'draft', 'receipt', '可口可乐 330ml × 2 罐'],
    ]);
    const draft = list.items.find((i: { kind: string }) => i.kind === 'return_refund');
    expect(draft.description).toContain('少一罐，破两罐');
    const ok = await act(draft.id, { event: 'confirm' }, buyerA);
    expect(ok.json()).toMatchObject({ status: 'submitted', events: ['cancel'] });
  });

  it('the report: requests, units and refunds by reason, product and customer add up to the refunds made', async () => {
    const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    const rows = async (groupBy: string) => {
      const r = await admin.get(`/api/aftersales/report?from=2026-01-01&to=${day}&groupBy=${groupBy}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { key: string; label: string; requests: number; qty: number; refunded: number }[];
    };
    const counted = await t.db.selectFrom('aftersales_requests').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('refund_amount').as('refunded')]).where('status', 'not in', ['rejected', 'cancelled', 'draft']).executeTakeFirstOrThrow();
    expect(Number(counted.refunded)).toBeGreaterThan(0);
    for (const g of ['reason', 'product', 'customer']) {
      const r = await rows(g);
      expect(r.reduce((a, x) => a + x.refunded, 0), g).toBe(Number(counted.refunded));
      if (g !== 'product') expect(r.reduce((a, x) => a + x.requests, 0), g).toBe(Number(counted.n));
      expect(r.every((x) => x.label.length > 0)).toBe(true);
    }
    expect((await rows('reason')).find((x) => x.label === '商品破损')!.requests).toBeGreaterThan(0);
    // a sales rep sees their customers only; a buyer may not read the report
    expect((await sales.get(`/api/aftersales/report?from=2026-01-01&to=${day}`)).statusCode).toBe(200);
    expect((await buyerA.get(`/api/aftersales/report?from=2026-01-01&to=${day}`)).statusCode).toBe(403);
    for (const qs of ['from=2026-02-01&to=2026-01-01', 'from=2026-13-01&to=2026-12-31', 'from=x&to=y', 'to=2026-01-01', 'from=2026-01-01&to=2026-01-02&groupBy=sku', 'from=1900-01-01&to=2026-01-01']) {
      expect((await admin.get(`/api/aftersales/report?${qs}`)).statusCode, qs).toBe(400);
    }
  });
});
