import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { setSetting } from '../platform/settings';
import { computeStatement, statementLines } from './statements';
import { CANCEL_REFUND_SETTING } from './refunds';
import { expectLedgerConsistent, multipart, voucherPng } from './testkit';

/**
 * The ledger invariant, on generated histories: for every customer and every period cut between
 * two moments of the history, the statement's closing = opening + the period's entries (orders −
 * cancellations − payments + refunds, and the lines' effects) = what the customer's account said
 * at the period end (receivable − prepaid balance, read through HTTP at that moment). Histories
 * mix orders on credit and prepaid, top-ups, partial payments by balance and by transfer,
 * cancellations with refunds to the balance or the original method. Then a month statement is
 * issued through HTTP and agrees with the account; one that no longer does cannot be confirmed.
 */
let t: TestApp;
let w: CartWorld;
let png: Buffer;
const c: Record<string, Client> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  png = await voucherPng();
  for (const l of ['buyerA', 'buyerB', 'ownerA', 'sales', 'sales2', 'admin', 'finance']) c[l] = await t.as(l);
  // A buys on credit terms (limit ¥5,000, 30 days); B prepays
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 500_000, credit_days: 30 }).where('id', '=', t.fx.companyA).execute();
});
afterAll(() => t.close());

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cut { at: Date; net: Record<number, number> }
type Co = { id: number; buyer: string; rep: string; addr: number; methods: string[] };

async function accountNet(companyId: number): Promise<number> {
  const r = await c.finance!.get(`/api/payments/accounts/${companyId}`);
  expect(r.statusCode).toBe(200);
  const a = r.json() as { receivable: number; balance: number };
  return a.receivable - a.balance;
}

async function generate(seed: number, steps: number, companies: Co[]): Promise<{ cuts: Cut[]; ops: Record<string, number> }> {
  const rand = rng(seed);
  const pick = <T,>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const ops: Record<string, number> = {};
  const did = (k: string) => (ops[k] = (ops[k] ?? 0) + 1);
  const cut = async (): Promise<Cut> => {
    await t.drainOutbox();
    await sleep(3);
    const net: Record<number, number> = {};
    for (const co of companies) net[co.id] = await accountNet(co.id);
    const at = new Date();
    await sleep(3);
    return { at, net };
  };
  const cuts: Cut[] = [await cut()];
  const orders = async (co: Co, status: string[]) =>
    (await t.db.selectFrom('orders').select(['id', 'status', 'version', 'total', 'paid_total', 'payment_method']).where('company_id', '=', co.id).where('status', 'in', status as never[]).orderBy('id').execute());
  for (let i = 0; i < steps; i++) {
    const co = pick(companies);
    const r = rand();
    if (r < 0.3) {
      const add = await c[co.buyer]!.post('/api/cart/lines', { skuId: pick([w.WATER, w.COLA]), qty: 12 * (1 + Math.floor(rand() * 4)) });
      expect(add.statusCode, add.body).toBe(200);
      const method = pick(co.methods);
      const res = await c[co.buyer]!.post('/api/cart/submit', { addressId: co.addr, paymentMethod: method, invoiceType: 'none' }, idem());
      if (method === 'balance' && res.statusCode === 409) {
        // paid from the balance: the order must hold its total, refused when the available balance is short
        expect(res.json().error.code).toBe('BALANCE_HOLD_SHORT');
        await c[co.buyer]!.delete('/api/cart');
        did('submit-balance-short');
        continue;
      }
      expect(res.statusCode, res.body).toBe(200);
      did(method === 'balance' ? 'submit-balance-held' : 'submit');
    } else if (r < 0.45) {
      const o = (await orders(co, ['pending_review']))[0];
      if (!o) continue;
      const res = await c[co.rep]!.post(`/api/orders/${o.id}/events`, { event: 'approve', version: o.version });
      expect([200, 422]).toContain(res.statusCode); // 422: over the credit limit
      did(res.statusCode === 200 ? (o.payment_method === 'credit' ? 'approve-credit' : 'approve') : 'approve-refused');
    } else if (r < 0.55) {
      const m = multipart({ amount: String(1000 * (1 + Math.floor(rand() * 50))), payerName: '财务部' });
      const res = await c.finance!.request({ method: 'POST', url: `/api/payments/accounts/${co.id}/topups`, payload: m.payload, headers: m.headers });
      expect(res.statusCode, res.body).toBe(200);
      did('topup');
    } else if (r < 0.7) {
      const o = (await orders(co, ['awaiting_payment']))[0];
      if (!o) continue;
      const owed = o.total - o.paid_total;
      const amount = rand() < 0.5 ? owed : Math.max(1, Math.floor(owed / 3));
      if (rand() < 0.5) {
        const res = await c[co.buyer]!.post(`/api/my/orders/${o.id}/pay/balance`, { amount });
        expect([200, 409, 422]).toContain(res.statusCode); // 409: not enough balance
        did(res.statusCode === 200 ? (amount < owed ? 'pay-balance-partial' : 'pay-balance') : 'pay-balance-refused');
      } else {
        const m = multipart({ amount: String(amount), payerName: '采购部' }, { name: 'v.png', data: png, type: 'image/png' });
        const res = await c[co.buyer]!.request({ method: 'POST', url: `/api/my/orders/${o.id}/pay/transfer`, payload: m.payload, headers: m.headers });
        expect(res.statusCode, res.body).toBe(200);
        expect((await c.finance!.post(`/api/payments/${res.json().id}/confirm`)).statusCode).toBe(200);
        did(amount < owed ? 'pay-transfer-partial' : 'pay-transfer');
      }
    } else if (r < 0.82) {
      const o = pick([...(await orders(co, ['pending_review', 'awaiting_payment', 'picking'])), null]);
      if (!o) continue;
      await setSetting(t.db, CANCEL_REFUND_SETTING, rand() < 0.5 ? 'balance' : 'original');
      const res = await c.admin!.post(`/api/orders/${o.id}/events`, { event: 'cancel', note: '客户取消', version: o.version });
      expect(res.statusCode, res.body).toBe(200);
      did(o.paid_total > 0 ? 'cancel-paid' : o.payment_method === 'credit' && o.status === 'picking' ? 'cancel-credit' : 'cancel');
    } else {
      cuts.push(await cut());
    }
  }
  cuts.push(await cut());
  return { cuts, ops };
}

/** Checks every customer's statements over every pair of cuts. */
async function expectStatementsAgree(cuts: Cut[], companyIds: number[]) {
  let periods = 0;
  for (let i = 0; i < cuts.length; i++) {
    for (let j = i + 1; j < cuts.length; j++) {
      for (const id of companyIds) {
        const s = await computeStatement(t.db, id, cuts[i]!.at, cuts[j]!.at);
        const lines = await statementLines(t.db, id, cuts[i]!.at, cuts[j]!.at, s.opening);
        const label = `company ${id}, cut ${i}→${j}`;
        expect(s.opening, `${label}: opening = account at the start`).toBe(cuts[i]!.net[id]);
        expect(s.closing, `${label}: closing = opening + the period's entries`).toBe(s.opening + s.orders - s.cancellations - s.payments + s.refunds);
        expect(s.closing, `${label}: closing = account at the end`).toBe(cuts[j]!.net[id]);
        expect(lines.reduce((a, l) => a + l.effect, s.opening), `${label}: lines add up`).toBe(s.closing);
        expect(lines.filter((l) => l.kind === 'order_charge').reduce((a, l) => a + l.effect, 0), `${label}: order lines`).toBe(s.orders);
        periods++;
      }
    }
  }
  return periods;
}

describe('ledger invariant: statement closing = opening + entries = account at the period end', () => {
  it('holds on generated histories with credit, partial payments, cancellations and refunds', async () => {
    const companies: Co[] = [
      { id: t.fx.companyA, buyer: 'buyerA', rep: 'sales', addr: w.addrA, methods: ['credit', 'credit', 'transfer', 'balance'] },
      { id: t.fx.companyB, buyer: 'buyerB', rep: 'sales2', addr: w.addrB, methods: ['transfer', 'balance'] },
    ];
    const all: Record<string, number> = {};
    let periods = 0;
    for (const seed of [7, 2026]) {
      const { cuts, ops } = await generate(seed, 45, companies);
      for (const [k, v] of Object.entries(ops)) all[k] = (all[k] ?? 0) + v;
      periods += await expectStatementsAgree(cuts, companies.map((x) => x.id));
    }
    await expectLedgerConsistent(t);
    // the histories did exercise what the invariant is about
    for (const k of ['submit', 'submit-balance-held', 'approve-credit', 'topup', 'cancel']) expect(all[k] ?? 0, `${k} in ${JSON.stringify(all)}`).toBeGreaterThan(0);
    expect((all['pay-balance-partial'] ?? 0) + (all['pay-transfer-partial'] ?? 0), JSON.stringify(all)).toBeGreaterThan(0);
    const kinds = (await t.db.selectFrom('ledger_journals').select('kind').distinct().execute()).map((k) => k.kind).sort();
    expect(kinds).toEqual(['order_cancel', 'order_charge', 'order_payment', 'refund', 'topup']);
    expect(periods).toBeGreaterThan(20);
  }, 600_000);

  it('a month statement issued through HTTP agrees with the account at the month end; once it does not, it cannot be confirmed', async () => {
    // move the whole history into last month (Asia/Shanghai), as if it had happened then
    const last = await sql<{ start: Date; end: Date }>`select (date_trunc('month', now() at time zone 'Asia/Shanghai') - interval '1 month') at time zone 'Asia/Shanghai' as start,
      date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' as "end"`.execute(t.db);
    const { start } = last.rows[0]!;
    const first = await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.min('created_at').as('m')).executeTakeFirstOrThrow();
    const shift = new Date(first.m as Date).getTime() - (new Date(start).getTime() + 5 * 86_400_000);
    for (const table of ['ledger_entries', 'ledger_journals'] as const) {
      await t.db.updateTable(table).set({ created_at: sql<Date>`created_at - make_interval(secs => ${shift / 1000})` }).execute();
    }
    const period = new Date(new Date(start).getTime() + 10 * 86_400_000).toISOString().slice(0, 7);
    const issued = await c.finance!.post('/api/payments/statements', { period, companyId: t.fx.companyA });
    expect(issued.statusCode, issued.body).toBe(200);
    const id = issued.json().ids[0];
    const mine = (await c.ownerA!.get(`/api/my/statements/${id}`)).json();
    const net = await accountNet(t.fx.companyA);
    expect(mine).toMatchObject({ opening: 0, closing: net, agrees: true });
    expect(mine.account).toEqual({ receivable: expect.any(Number), balance: expect.any(Number) });
    expect(mine.account.receivable - mine.account.balance).toBe(mine.closing);
    expect(mine.orders).toBeGreaterThan(0);
    expect(mine.lines.filter((l: { kind: string }) => l.kind === 'order_charge').length).toBeGreaterThan(0);

    // a journal lands in the period after the statement was issued: it no longer agrees and cannot be confirmed
    const late = await t.db.selectFrom('ledger_journals').select('id').where('company_id', '=', t.fx.companyA).where('kind', '=', 'topup').orderBy('id', 'desc').executeTakeFirst();
    const moved = late ?? (await t.db.selectFrom('ledger_journals').select('id').where('company_id', '=', t.fx.companyA).orderBy('id', 'desc').executeTakeFirstOrThrow());
    const outside = sql<Date>`created_at + interval '40 days'`;
    await t.db.updateTable('ledger_journals').set({ created_at: outside }).where('id', '=', moved.id).execute();
    await t.db.updateTable('ledger_entries').set({ created_at: outside }).where('journal_id', '=', moved.id).execute();
    const stale = (await c.ownerA!.get(`/api/my/statements/${id}`)).json();
    expect(stale.agrees).toBe(false);
    const refused = await c.ownerA!.post(`/api/my/statements/${id}/confirm`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('STATEMENT_OUTDATED');
    expect((await c.ownerA!.get(`/api/my/statements/${id}`)).json().status).toBe('issued');
    // finance issues it again: it agrees, and the customer may confirm it
    expect((await c.finance!.post('/api/payments/statements', { period, companyId: t.fx.companyA })).json().ids).toEqual([id]);
    const again = (await c.ownerA!.get(`/api/my/statements/${id}`)).json();
    expect(again.agrees).toBe(true);
    expect(again.account.receivable - again.account.balance).toBe(again.closing);
    const ok = await c.ownerA!.post(`/api/my/statements/${id}/confirm`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('confirmed');
  });
});
