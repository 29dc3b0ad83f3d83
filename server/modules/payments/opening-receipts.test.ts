import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { loadImport } from '../imports/testkit';
import { expectLedgerConsistent } from './testkit';

/**
 * Opening receivables (期初应收, issue 19) in finance's aging, in the overdue check of credit
 * orders, and paid down by receipts (收款) finance records — through HTTP, on PGlite and PostgreSQL.
 */
let t: TestApp;
let admin: Client, finance: Client, sales: Client, sales2: Client, buyerA: Client;
let WATER: number;
const TABLES = ['payments', 'ledger_journals', 'ledger_entries', 'customer_accounts', 'audit_log', 'outbox', 'idempotency_keys'];
const HEADER = '客户编码,客户名称,预付款余额(元),期初应收(元)';
const balances = (lines: string[]) => loadImport(admin, 'balances', Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8'));
const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
const backdateOpening = (companyId: number, days: number) =>
  t.db.updateTable('ledger_journals').set({ created_at: ago(days) }).where('kind', '=', 'opening').where('company_id', '=', companyId).execute();

type AgingRow = { companyId: number; total: number; opening: number; overdue: number; orders: number; d0_30: number; d31_60: number; d61_90: number; d90_plus: number; openingDueDate: string | null };
const financeAging = async (c: Client = finance) => {
  const r = await c.get('/api/payments/aging');
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { totals: AgingRow; customers: AgingRow[]; reps: AgingRow[] };
};
const reportRow = async (companyId: number) => {
  const r = await admin.get('/api/reports/analytics/aging');
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().rows as Record<string, number | string>[]).find((x) => x.key === String(companyId));
};
const receipt = (c: Client, companyId: number | string, body: unknown, key?: string) =>
  c.request({ method: 'POST', url: `/api/payments/accounts/${companyId}/opening/receipts`, payload: body as object, headers: key ? { 'idempotency-key': key } : {} });

beforeAll(async () => {
  t = await createTestApp();
  [admin, finance, sales, sales2, buyerA] = await Promise.all(['admin', 'finance', 'sales', 'sales2', 'buyerA'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30, sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ credit_days: 0 }).where('id', '=', t.fx.companyB).execute();
  await balances(['CA,甲公司,0,1200', 'CB,乙公司,0,88']);
});
afterAll(() => t.close());

describe('opening receivables in the finance aging and the overdue check', () => {
  it('the finance aging counts them per customer (其中期初应收), bucketed by their due day, and agrees with the reports aging', async () => {
    let a = await financeAging();
    const rowA = () => a.customers.find((c) => c.companyId === t.fx.companyA)!;
    const rowB = () => a.customers.find((c) => c.companyId === t.fx.companyB)!;
    expect(rowA()).toMatchObject({ total: 120_000, opening: 120_000, d0_30: 120_000, overdue: 0, orders: 0 });
    expect(rowA().openingDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(a.totals).toMatchObject({ total: 128_800, opening: 128_800 });
    expect(await reportRow(t.fx.companyA)).toMatchObject({ total: 120_000, opening: 120_000, notDue: 120_000 });

    // imported 45 days ago (30 credit days: 15 days past due) and 100 days ago (no credit days)
    await backdateOpening(t.fx.companyA, 45);
    await backdateOpening(t.fx.companyB, 100);
    a = await financeAging();
    expect(rowA()).toMatchObject({ total: 120_000, opening: 120_000, d0_30: 120_000, overdue: 120_000 });
    expect(rowB()).toMatchObject({ total: 8_800, opening: 8_800, d90_plus: 8_800, overdue: 8_800 });
    const rep = await reportRow(t.fx.companyA);
    expect(rep).toMatchObject({ total: rowA().total, opening: rowA().opening, d30: rowA().overdue });
    // a rep sees only their own customers' opening receivables
    const mine = await financeAging(sales);
    expect(mine.customers.map((c) => c.companyId)).toEqual([t.fx.companyA]);
    expect((await financeAging(sales2)).customers).toEqual([]);
  });

  it('an overdue opening receivable holds the customer\'s orders exactly like an overdue order; not yet due, it does not', async () => {
    const pending = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 5 }], status: 'pending_review', paymentMethod: 'credit', reserve: false });
    const credit = async () => (await admin.get(`/api/orders/${pending.orderId}`)).json().credit;
    // A's only debt is its opening receivable, 15 days past due
    expect(await credit()).toMatchObject({ ok: false, code: 'CREDIT_OVERDUE', overdue: 120_000 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ overdue: 120_000 });
    // the same verdict an overdue order gets: compare with an order 45 days after shipment instead
    await backdateOpening(t.fx.companyA, 0);
    expect(await credit()).toMatchObject({ ok: true, overdue: 0 });
    const late = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 10 }], status: 'shipped', paymentMethod: 'credit', reserve: false });
    await t.db.transaction().execute(async (trx) => (await import('./accounts')).chargeOrder(trx, null, late.orderId));
    await t.db.updateTable('orders').set({ shipped_at: sql`now() - make_interval(days => 45)` }).where('id', '=', late.orderId).execute();
    const byOrder = await credit();
    expect(byOrder).toMatchObject({ ok: false, code: 'CREDIT_OVERDUE', overdue: late.total });
    await backdateOpening(t.fx.companyA, 45);
    expect(await credit()).toMatchObject({ ok: false, code: 'CREDIT_OVERDUE', overdue: late.total + 120_000 });
    // settle the order's part again so the tests below see only the opening receivable
    await cancelCharge(late.orderId);
    expect(await credit()).toMatchObject({ ok: false, code: 'CREDIT_OVERDUE', overdue: 120_000 });
  });
});

async function cancelCharge(orderId: number) {
  const { reverseCharge } = await import('./refunds');
  await t.db.transaction().execute((trx) => reverseCharge(trx, null, orderId));
}

describe('receipts (收款) against an opening receivable', () => {
  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const before = await counts(t.db, TABLES);
    const bad: [unknown, number][] = [
      [{}, 400], [{ amount: -100 }, 400], [{ amount: 0 }, 400], [{ amount: 1.5 }, 400], [{ amount: '100' }, 400], [{ amount: 1e13 }, 400],
      [{ amount: 100, method: 'cash' }, 400], [{ amount: 100, method: 'credit' }, 400], [{ amount: 100, payerName: '长'.repeat(101) }, 400],
      [{ amount: 100, note: 'x'.repeat(501) }, 400], [{ amount: 100, payerName: 'a\u0001b' }, 400], [[100], 400], ['100', 415],
    ];
    for (const [body, code] of bad) {
      const r = await receipt(finance, t.fx.companyA, body);
      expect(r.statusCode, `${JSON.stringify(body)} ${r.body}`).toBe(code);
      expect(r.json().error.code).toBeTruthy();
    }
    // more than is still open: 409 naming the remaining amount
    const over = await receipt(finance, t.fx.companyA, { amount: 120_001 });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'OPENING_RECEIPT_EXCEEDS', details: { outstanding: 120_000, amount: 120_001 } });
    expect(over.json().error.message).toContain('1200.00');
    // unknown customer, a bad id, a customer with no opening receivable
    expect((await receipt(finance, 99_999_999, { amount: 100 })).statusCode).toBe(404);
    expect((await receipt(finance, 'abc', { amount: 100 })).statusCode).toBe(400);
    expect((await receipt(finance, -1, { amount: 100 })).statusCode).toBe(400);
    const other = await t.db.insertInto('companies').values({ code: 'CZ', name: '丙公司 😀' }).returning('id').executeTakeFirstOrThrow();
    const none = await receipt(finance, other.id, { amount: 100 });
    expect(none.statusCode, none.body).toBe(409);
    expect(none.json().error.code).toBe('OPENING_RECEIPT_NOTHING_OPEN');
    // who may: customers and reps do not record receipts; another rep's customer is not found
    expect((await receipt(buyerA, t.fx.companyA, { amount: 100 })).statusCode).toBe(403);
    expect((await receipt(sales, t.fx.companyA, { amount: 100 })).statusCode).toBe(403);
    expect((await buyerA.get(`/api/payments/accounts/${t.fx.companyA}/opening`)).statusCode).toBe(403);
    expect((await sales2.get(`/api/payments/accounts/${t.fx.companyA}/opening`)).statusCode).toBe(404);
    expect((await sales.get(`/api/payments/accounts/${t.fx.companyA}/opening`)).statusCode).toBe(200);
    await t.db.deleteFrom('companies').where('id', '=', other.id).execute();
    expect(await counts(t.db, TABLES)).toEqual(before);
  });

  it('a receipt lowers the opening receivable everywhere: finance and reports aging, account, credit, statement; a retry with the same key records it once', async () => {
    const opening = async () => (await finance.get(`/api/payments/accounts/${t.fx.companyA}/opening`)).json();
    expect(await opening()).toMatchObject({ original: 120_000, received: 0, outstanding: 120_000, overdue: true, importedDueDate: null });

    const body = { amount: 50_000, payerName: '张三 💰', note: '老账还款 🧾' };
    const r = await receipt(finance, t.fx.companyA, body, 'open-rcpt-1');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ companyId: t.fx.companyA, amount: 50_000, original: 120_000, received: 50_000, outstanding: 70_000 });
    const after = await counts(t.db, TABLES);
    const again = await receipt(finance, t.fx.companyA, body, 'open-rcpt-1');
    expect(again.json()).toEqual(r.json());
    expect(await counts(t.db, TABLES)).toEqual(after);
    expect((await receipt(finance, t.fx.companyA, { amount: 1 }, 'open-rcpt-1')).statusCode).toBe(422);

    expect(await opening()).toMatchObject({ original: 120_000, received: 50_000, outstanding: 70_000 });
    const a = (await financeAging()).customers.find((c) => c.companyId === t.fx.companyA)!;
    expect(a).toMatchObject({ total: 70_000, opening: 70_000, overdue: 70_000 });
    expect(await reportRow(t.fx.companyA)).toMatchObject({ total: 70_000, opening: 70_000 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}`)).json()).toMatchObject({ receivable: 70_000 });
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ outstanding: 70_000, overdue: 70_000 });
    const pay = (await finance.get(`/api/payments?companyId=${t.fx.companyA}&purpose=opening`)).json();
    expect(pay.items).toHaveLength(1);
    expect(pay.items[0]).toMatchObject({ purpose: 'opening', method: 'transfer', status: 'succeeded', amount: 50_000, payerName: '张三 💰', orderId: null });
    const ledger = (await finance.get(`/api/payments/accounts/${t.fx.companyA}/ledger`)).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'opening_payment', receivableChange: -50_000, paymentNumber: pay.items[0].number });
    const log = await t.db.selectFrom('audit_log').select(['action']).where('action', '=', 'account.opening_receipt').execute();
    expect(log).toHaveLength(1);

    // the rest, exactly: then nothing is open and the customer drops off both agings
    expect((await receipt(finance, t.fx.companyA, { amount: 70_001 })).json().error.details).toMatchObject({ outstanding: 70_000 });
    expect((await receipt(finance, t.fx.companyA, { amount: 70_000, method: 'online' })).statusCode).toBe(200);
    expect((await financeAging()).customers.find((c) => c.companyId === t.fx.companyA)).toBeUndefined();
    expect(await reportRow(t.fx.companyA)).toBeUndefined();
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json()).toMatchObject({ outstanding: 0, overdue: 0 });
    expect((await receipt(finance, t.fx.companyA, { amount: 1 })).json().error.code).toBe('OPENING_RECEIPT_NOTHING_OPEN');
    await expectLedgerConsistent(t);
  });

  it('the statement of the month counts the opening receivable as billed and the receipts as payments; closing = the account', async () => {
    // move A's ledger into last month so its statement can be issued
    const d = new Date();
    const mid = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15, 4));
    const period = mid.toISOString().slice(0, 7);
    await t.db.updateTable('ledger_entries').set({ created_at: mid }).where('company_id', '=', t.fx.companyA).execute();
    await t.db.updateTable('ledger_journals').set({ created_at: mid }).where('company_id', '=', t.fx.companyA).execute();
    const issued = await finance.post('/api/payments/statements', { period, companyId: t.fx.companyA });
    expect(issued.statusCode, issued.body).toBe(200);
    const s = (await finance.get(`/api/payments/statements/${issued.json().ids[0]}`)).json();
    expect(s).toMatchObject({ opening: 0, payments: 120_000, closing: 0, agrees: true });
    expect(s.closing).toBe(s.opening + s.orders - s.cancellations - s.payments + s.refunds);
    expect(s.lines.map((l: { kind: string }) => l.kind)).toEqual(expect.arrayContaining(['opening', 'opening_payment']));
  });
});

describe('concurrent receipts', () => {
  it('never take more than is open: of 8 receipts of ¥15 against ¥88 at once, 5 are recorded and 3 refused with what is left', async () => {
    const res = await Promise.all(Array.from({ length: 8 }, () => receipt(finance, t.fx.companyB, { amount: 1_500 })));
    const ok = res.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(5);
    for (const r of res.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error).toMatchObject({ code: 'OPENING_RECEIPT_EXCEEDS', details: { outstanding: 1_300 } });
    }
    expect((await finance.get(`/api/payments/accounts/${t.fx.companyB}/opening`)).json()).toMatchObject({ original: 8_800, received: 7_500, outstanding: 1_300 });
    await expectLedgerConsistent(t);
  });
});

describe('the collections trend (回款与应收趋势) counts them', () => {
  it('opening receivables on their import day, receipts on theirs; its receivables now and its last balance agree with the aging', async () => {
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
    const from = day(ago(200));
    const r = await admin.get(`/api/reports/analytics/collection?from=${from}&to=${day(new Date())}&period=month`);
    expect(r.statusCode, r.body).toBe(200);
    const doc = r.json() as { columns: { key: string }[]; rows: Record<string, number>[]; totals: Record<string, number>; figures: { key: string; value: number }[] };
    expect(doc.columns.map((c) => c.key)).toEqual(expect.arrayContaining(['openingBilled', 'openingCollected']));
    // A: ¥1,200 brought over and received in full (moved to last month above); B: ¥88 brought over 100 days ago, ¥75 received today
    expect(doc.totals).toMatchObject({ openingBilled: 128_800, openingCollected: 127_500 });
    expect(doc.rows.at(-1)!.openingCollected).toBeGreaterThanOrEqual(7_500);
    const aging = await financeAging();
    expect(doc.figures.find((f) => f.key === 'receivable')!.value).toBe(aging.totals.total);
    // without the opening columns the balance would miss B's ¥13 still open
    const orderOnly = doc.rows.reduce((x, row) => x + row.billed - row.collected + row.refunded, 0);
    expect(doc.rows.at(-1)!.balance - orderOnly).toBe(1_300);
  });
});

describe('paid from the prepaid balance (预存款抵扣)', () => {
  const account = async () => (await finance.get(`/api/payments/accounts/${t.fx.companyB}`)).json() as { balance: number; receivable: number };
  it('takes at most the free balance (409 INSUFFICIENT_BALANCE, nothing changed), then lowers balance and opening receivable together', async () => {
    // B: ¥13 of its opening receivable still open; the import sets its prepaid balance to ¥10
    await balances(['CB,乙公司,10,88']);
    expect(await account()).toMatchObject({ balance: 1_000, receivable: 1_300 });
    const before = await counts(t.db, TABLES);
    const short = await receipt(finance, t.fx.companyB, { amount: 1_300, method: 'balance' });
    expect(short.statusCode, short.body).toBe(409);
    expect(short.json().error).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { available: 1_000, amount: 1_300 } });
    expect(await counts(t.db, TABLES)).toEqual(before);

    const r = await receipt(finance, t.fx.companyB, { amount: 800, method: 'balance', note: '预存款抵扣期初欠款' }, 'open-bal-1');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ amount: 800, received: 8_300, outstanding: 500 });
    expect(await account()).toMatchObject({ balance: 200, receivable: 500 });
    const pay = (await finance.get(`/api/payments?companyId=${t.fx.companyB}&purpose=opening`)).json();
    expect(pay.items[0]).toMatchObject({ method: 'balance', amount: 800, status: 'succeeded' });
    const ledger = (await finance.get(`/api/payments/accounts/${t.fx.companyB}/ledger`)).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'opening_payment', balanceChange: -800, receivableChange: -800 });
    expect((await financeAging()).customers.find((c) => c.companyId === t.fx.companyB)).toMatchObject({ total: 500, opening: 500 });
    await expectLedgerConsistent(t);
  });

  it('a trend that starts today opens with what was open before it, opening receivables included, and still ends at the aging', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const r = await admin.get(`/api/reports/analytics/collection?from=${today}&to=${today}&period=day`);
    expect(r.statusCode, r.body).toBe(200);
    const doc = r.json() as { rows: Record<string, number>[]; figures: { key: string; value: number }[] };
    const aging = await financeAging();
    expect(doc.figures.find((f) => f.key === 'receivable')!.value).toBe(aging.totals.total);
    expect(doc.rows.at(-1)!.balance).toBe(aging.totals.total);
  });
});
