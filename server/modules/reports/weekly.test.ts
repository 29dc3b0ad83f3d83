import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { addDays, localToday, periodStart } from './common';
import { takeSnapshots } from './snapshots';
import { sendWeeklySummaries } from './weekly';

// The weekly summary e-mail (issue 17): opted-in admins get last week's figures, once a week.
const TZ = 'Asia/Shanghai';
let t: TestApp;
let cat: CatalogFixtures;
let smtp: SMTPServer;
const inbox: { to: string[]; raw: string }[] = [];
const today = localToday(TZ);
const lastMonday = addDays(periodStart(today, 'week'), -7);

/** A message body as a mail client shows it (quoted-printable and base64 parts decoded). */
function decoded(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  const qp = body.replace(/=\r?\n/g, '');
  return Buffer.from(qp.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}
const subjectOf = (raw: string) => {
  const m = /^subject:(.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? '';
  return m.replace(/\r?\n[ \t]/g, ' ').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_a, enc: string, text: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')).replace(/\s+/g, ' ').trim();
};

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => { inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw }); cb(); });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, publicUrl: 'https://ordo.example.com' } });
  cat = await seedCatalogFixtures(t.database);
  // last week: company A ordered 12,345.67 yuan (Tuesday), B 100 yuan; the week before: A 5,000 yuan
  await sql`insert into rpt_customer_daily (day, company_id, ordered_amount, orders) values
    (${addDays(lastMonday, 1)}::date, ${t.fx.companyA}, 1234567, 2), (${addDays(lastMonday, 6)}::date, ${t.fx.companyB}, 10000, 1), (${addDays(lastMonday, -3)}::date, ${t.fx.companyA}, 500000, 1)`.execute(t.db);
  // stock: cola sold out; receivables: B 800 yuan overdue
  const wh = Number((await sql<{ id: number }>`insert into warehouses (code, name) values ('WH-W', '周报仓') returning id`.execute(t.db)).rows[0].id);
  await sql`insert into stock_levels (sku_id, warehouse_id, on_hand, reserved) values (${cat.skus['COLA-330']}, ${wh}, 0, 0), (${cat.skus['WATER-550']}, ${wh}, 50, 0)`.execute(t.db);
  await takeSnapshots(t.db, TZ);
  await sql`insert into rpt_open_orders (order_id, company_id, day, due_day, outstanding) values (910001, ${t.fx.companyB}, ${addDays(today, -40)}::date, ${addDays(today, -10)}::date, 80000)`.execute(t.db);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('weekly summary e-mail', () => {
  it('an admin opts in and out for themself; others may not', async () => {
    const admin = await t.as('admin');
    expect((await admin.get('/api/reports/weekly-email')).json()).toEqual({ subscribed: false });
    expect((await admin.put('/api/reports/weekly-email', { subscribed: true })).json()).toEqual({ subscribed: true });
    expect((await admin.put('/api/reports/weekly-email', { subscribed: true })).statusCode).toBe(200); // again: no change
    expect((await admin.get('/api/reports/weekly-email')).json()).toEqual({ subscribed: true });
    for (const who of ['sales', 'finance', 'warehouse', 'buyerA', 'ownerB']) {
      expect((await (await t.as(who)).put('/api/reports/weekly-email', { subscribed: true })).statusCode, who).toBe(403);
    }
    expect(Number((await sql<{ n: number }>`select count(*) as n from rpt_weekly_email`.execute(t.db)).rows[0].n)).toBe(1);
  });

  it.each([
    ['missing field', {}],
    ['a string', { subscribed: 'yes' }],
    ['a number', { subscribed: 1 }],
    ['null', { subscribed: null }],
    ['Chinese and emoji', { subscribed: '是😀' }],
    ['oversized string', { subscribed: 'x'.repeat(100_000) }],
  ])('%s → 400 with a Chinese message, nothing changed', async (_n, body) => {
    const before = await counts(t.db, ['rpt_weekly_email']);
    const res = await (await t.as('admin')).put('/api/reports/weekly-email', body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await counts(t.db, ['rpt_weekly_email'])).toEqual(before);
  });

  it('sends last week\'s sales, top customers, stock-outs and overdue receivables to opted-in admins, once', async () => {
    expect(await sendWeeklySummaries(t.db, TZ)).toBe(1);
    expect(await sendWeeklySummaries(t.db, TZ)).toBe(0); // the same week again: nothing
    await t.drainOutbox();
    expect(inbox).toHaveLength(1);
    const mail = inbox[0];
    expect(mail.to).toEqual(['admin@test.example']);
    expect(subjectOf(mail.raw)).toContain(`每周经营摘要 ${lastMonday}`);
    const text = decoded(mail.raw);
    expect(text).toContain(`【销售】${lastMonday} 至 ${addDays(lastMonday, 6)}：订单 3 笔，销售额 ¥12445.67（上周 ¥5000.00，环比 +148.9%）`);
    expect(text).toMatch(/【前五客户】1\. .+ ¥12345\.67；2\. .+ ¥100\.00/);
    expect(text).toContain('1 个商品无可用库存，如 COLA-330 可口可乐 330ml');
    expect(text).toMatch(/【逾期应收】1 个客户共 ¥800\.00，最多：.+ ¥800\.00/);
    expect(text).toContain('https://ordo.example.com/admin');
  });

  it('an admin who opted out gets nothing', async () => {
    expect((await (await t.as('admin')).put('/api/reports/weekly-email', { subscribed: false })).json()).toEqual({ subscribed: false });
    await sql`delete from notifications where kind = 'report.weekly'`.execute(t.db);
    expect(await sendWeeklySummaries(t.db, TZ)).toBe(0);
  });
});
