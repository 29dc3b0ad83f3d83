import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import type { Role } from '../auth/actor';
import { reasonId, shippedOrder, WRITES } from './testkit';
import {
  AFTERSALES_EVENTS, AFTERSALES_KINDS, AFTERSALES_STATUSES, AFTERSALES_TRANSITIONS, aftersalesTransitionFor, validateAftersalesTable,
  type AftersalesEvent, type AftersalesKind, type AftersalesStatus,
} from './transitions-table';

let t: TestApp;
let wh: number;
const clients: Partial<Record<Role, Client>> = {};
const requests: Partial<Record<AftersalesKind, { id: number; lineId: number }>> = {};
const LOGIN: Record<Role, string> = { admin: 'admin', sales: 'sales', warehouse: 'warehouse', finance: 'finance', customer_admin: 'ownerA', customer_buyer: 'buyerA' };
const CUSTOMER: Role[] = ['customer_admin', 'customer_buyer'];

beforeAll(async () => {
  t = await createTestApp();
  const { skus } = await seedCatalogFixtures(t.database);
  wh = await seedWarehouseStock(t.database, Object.values(skus), 100_000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).execute();
  for (const r of Object.keys(LOGIN) as Role[]) clients[r] = await t.as(LOGIN[r]);
  const o = await shippedOrder(t, { warehouse: clients.warehouse!, finance: clients.finance!, buyer: clients.customer_buyer! }, { warehouseId: wh, skus, water: 4800, cola: 2400, pay: true });
  const reason = await reasonId(t, 'quality');
  for (const kind of AFTERSALES_KINDS) {
    const r = await clients.customer_buyer!.post('/api/my/aftersales', { orderId: o.orderId, kind, reasonId: reason, lines: [{ orderLineId: o.cola, qty: 1 }] });
    expect(r.statusCode, r.body).toBe(200);
    requests[kind] = { id: r.json().id, lineId: r.json().lines[0].id };
  }
});
afterAll(() => t.close());

/** The body an allowed event needs to succeed (payloads are checked after the table). */
function bodyFor(event: AftersalesEvent, lineId: number): Record<string, unknown> {
  switch (event) {
    case 'reject': case 'cancel': return { event, note: '测试原因' };
    case 'ship_back': return { event, returnShipment: { carrier: '中通快递', trackingNo: 'ZT1' } };
    case 'receive': return { event, inspection: { warehouseId: wh, lines: [{ lineId, toStock: 1, defective: 0, refused: 0 }] } };
    case 'refund': return { event, refund: { destination: 'balance' } };
    case 'ship_replacement': return { event, replacement: { warehouseId: wh, carrier: '顺丰速运' } };
    default: return { event };
  }
}
const post = (role: Role, id: number, body: Record<string, unknown>) => clients[role]!.post(CUSTOMER.includes(role) ? `/api/my/aftersales/${id}/events` : `/api/aftersales/${id}/events`, body);
const snapshot = async (id: number) => ({ row: await t.db.selectFrom('aftersales_requests').select(['status', 'version', 'refund_amount']).where('id', '=', id).executeTakeFirstOrThrow(), ...(await counts(t.db, WRITES)) });
async function put(kind: AftersalesKind, status: AftersalesStatus) {
  const r = requests[kind]!;
  await t.db.updateTable('aftersales_requests').set({ status, version: 1 }).where('id', '=', r.id).execute();
  // a received request has been inspected: its unit went to stock
  await t.db.updateTable('aftersales_lines').set({ to_stock_qty: status === 'received' || status === 'shipped' ? 1 : 0, defective_qty: 0, refused_qty: 0 }).where('id', '=', r.lineId).execute();
  return r;
}

describe('after-sales transition table', () => {
  it('is checked at load: unknown states, duplicates and moves out of final states are refused', () => {
    expect(() => validateAftersalesTable()).not.toThrow();
    const row = AFTERSALES_TRANSITIONS[0]!;
    expect(() => validateAftersalesTable([row, row])).toThrow(/two aftersales transitions/);
    expect(() => validateAftersalesTable([{ ...row, from: ['completed'] }])).toThrow(/leaves final/);
    expect(() => validateAftersalesTable([{ ...row, to: 'lost' as never }])).toThrow(/unknown status/);
    expect(() => validateAftersalesTable([{ ...row, roles: ['robot' as never] }])).toThrow(/unknown role/);
  });

  // One case per row of the table (and kind): the first allowed role succeeds and lands in `to`;
  // a role the row does not list is refused (403) with nothing written.
  const rows = AFTERSALES_TRANSITIONS.flatMap((tr) => tr.from.flatMap((from) => tr.kinds.map((kind) => ({ tr, from, kind }))));
  it.each(rows.map((r) => [`${r.from} --${r.tr.event}--> ${r.tr.to} (${r.kind})`, r] as const))('%s', async (_name, { tr, from, kind }) => {
    const r = await put(kind, from);
    const outsider = (Object.keys(LOGIN) as Role[]).find((role) => !tr.roles.includes(role));
    if (outsider) {
      const before = await snapshot(r.id);
      const no = await post(outsider, r.id, bodyFor(tr.event, r.lineId));
      expect(no.statusCode, `${outsider}: ${no.body}`).toBe(403);
      expect(await snapshot(r.id)).toEqual(before);
    }
    const ok = await post(tr.roles[0]!, r.id, { ...bodyFor(tr.event, r.lineId), version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: tr.to, version: 2 });
  });

  // Every (state, event, kind) the table does not list is refused with 409 and no change.
  const missing = AFTERSALES_STATUSES.flatMap((status) => AFTERSALES_KINDS.flatMap((kind) => AFTERSALES_EVENTS.filter((event) => !aftersalesTransitionFor(status, event, kind)).map((event) => ({ status, kind, event }))));
  it(`refuses the ${missing.length} moves the table does not list, with no change`, async () => {
    expect(missing.length).toBeGreaterThan(200);
    for (const m of missing) {
      const r = await put(m.kind, m.status);
      const before = await snapshot(r.id);
      const res = await post('admin', r.id, bodyFor(m.event, r.lineId));
      expect(res.statusCode, `${m.status} ${m.event} ${m.kind}: ${res.body}`).toBe(409);
      expect(res.json().error.code).toBe('AFTERSALES_TRANSITION_NOT_ALLOWED');
      expect(await snapshot(r.id)).toEqual(before);
    }
  }, 240_000); // 284 moves × 4 requests: over a minute on a loaded 2-core machine (CI timed out at 60 s at load 15)
});
