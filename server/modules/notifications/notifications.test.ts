import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { loadConfig } from '../../config';
import { emailHandler } from './mailer';
import { notify, NOTIFICATION_EMAIL } from './notify';

let t: TestApp;
let smtp: SMTPServer;
const inbox: { to: string[]; raw: string }[] = [];
let refuse = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(addr, _s, cb) {
      if (refuse > 0) {
        refuse--;
        return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, publicUrl: 'https://ordo.example.com' } });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

/** Body of a quoted-printable message, decoded (what a mail client shows). */
const decoded = (raw: string) => {
  const qp = raw.slice(raw.search(/\r?\n\r?\n/)).replace(/=\r?\n/g, '').replace(/\r\n/g, '\n');
  return Buffer.from(qp.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
};
const send = (input: Parameters<typeof notify>[1]) => t.db.transaction().execute((trx) => notify(trx, input));
const retryNow = () => t.db.updateTable('outbox').set({ available_at: sql`now() - interval '1 second'` }).where('delivered_at', 'is', null).execute();

describe('notify', () => {
  it('reaches staff by role, a company by id, and named users; disabled users get nothing', async () => {
    await t.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', t.fx.users.finance).execute();
    const r = await send({ kind: 'welcome', roles: ['warehouse', 'finance'], userIds: [t.fx.users.admin], title: '库存预警', body: '矿泉水 550ml 低于安全库存' });
    expect(r.userIds.sort()).toEqual([t.fx.users.admin, t.fx.users.warehouse].sort());
    const c = await send({ kind: 'welcome', companyId: t.fx.companyA, title: '订单已发货', body: 'SO-1 已发货', link: '/orders/1', entity: { type: 'order', id: 1 } });
    expect(c.userIds.sort()).toEqual([t.fx.users.ownerA, t.fx.users.buyerA].sort());
    const admins = await send({ kind: 'welcome', companyId: t.fx.companyB, roles: ['customer_admin'], title: '待审批', body: '采购员提交了订单' });
    expect(admins.userIds).toEqual([t.fx.users.ownerB]);
    expect(await send({ kind: 'welcome', title: 'nobody', body: 'x' })).toEqual({ userIds: [], notificationIds: [] });
    await t.db.updateTable('users').set({ status: 'active' }).where('id', '=', t.fx.users.finance).execute();
  });

  it('a dedupe key notifies each user once, however often the sender runs', async () => {
    const input = { kind: 'stock.low' as const, roles: ['warehouse' as const], title: '库存预警', body: 'x', email: true, dedupeKey: 'low_stock:42' };
    const first = await send(input);
    expect(first.userIds).toEqual([t.fx.users.warehouse]);
    expect(await send(input)).toEqual({ userIds: [], notificationIds: [] });
    const n = await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('dedupe_key', '=', 'low_stock:42').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    await t.drainOutbox();
  });

  it('emails go out through the outbox to a real SMTP receiver, with the full link; no address → skipped', async () => {
    await t.db.updateTable('users').set({ email: null }).where('id', '=', t.fx.users.sales2).execute();
    const before = inbox.length;
    const { notificationIds } = await send({ kind: 'welcome', userIds: [t.fx.users.warehouse, t.fx.users.sales2], title: '低库存：可乐 330ml 😀', body: '杭州仓可用 3，安全库存 10', link: '/admin/inventory/stock', email: true });
    await t.drainOutbox();
    const got = inbox.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0].to).toEqual(['warehouse@test.example']);
    expect(decoded(got[0].raw)).toContain('杭州仓可用 3，安全库存 10\n\nhttps://ordo.example.com/admin/inventory/stock');
    const rows = await t.db.selectFrom('notification_emails').select(['id', 'user_id', 'status', 'error', 'message_id', 'attempts']).where('notification_id', 'in', notificationIds).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ user_id: t.fx.users.warehouse, status: 'sent', error: null, attempts: 1, message_id: expect.any(String) }),
      expect.objectContaining({ user_id: t.fx.users.sales2, status: 'skipped', error: 'no email address' }),
    ]));
    // delivering the same event again sends nothing twice
    await emailHandler({ database: t.database, config: { ...loadConfig({}), smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` }, kickWorker: () => undefined })
      .handle({ id: 0, topic: NOTIFICATION_EMAIL, payload: { emailIds: rows.map((r) => r.id) }, createdAt: new Date(), attempts: 2 }, t.db);
    expect(inbox.length).toBe(before + 1);
  });

  it('a refusing SMTP server marks the email failed and the outbox retries it until it is sent', async () => {
    refuse = 1;
    const before = inbox.length;
    await send({ kind: 'welcome', userIds: [t.fx.users.admin], title: '重试测试', body: 'retry', email: true });
    await t.drainOutbox();
    const row = await t.db.selectFrom('notification_emails').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toMatch(/mailbox unavailable/);
    await retryNow();
    await t.drainOutbox();
    expect(await t.db.selectFrom('notification_emails').select(['status', 'attempts']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ status: 'sent', attempts: 2 });
    expect(inbox.length).toBe(before + 1);
  });

  it('without SMTP settings emails are marked skipped with the reason, never sent', async () => {
    const { notificationIds } = await send({ kind: 'welcome', userIds: [t.fx.users.finance], title: '无 SMTP', body: 'x', email: true });
    const row = await t.db.selectFrom('notification_emails').select(['id']).where('notification_id', '=', notificationIds[0]).executeTakeFirstOrThrow();
    const before = inbox.length;
    await emailHandler({ database: t.database, config: { ...loadConfig({}), smtpUrl: undefined }, kickWorker: () => undefined })
      .handle({ id: 0, topic: NOTIFICATION_EMAIL, payload: { emailIds: [row.id] }, createdAt: new Date(), attempts: 1 }, t.db);
    expect(await t.db.selectFrom('notification_emails').select(['status', 'error', 'sent_at']).where('id', '=', row.id).executeTakeFirstOrThrow())
      .toEqual({ status: 'skipped', error: 'SMTP not configured (ORDO_SMTP_URL)', sent_at: null });
    expect(inbox.length).toBe(before);
  });
});

describe('the bell', () => {
  it('lists my notifications newest first with the unread count; mark one and all read', async () => {
    const buyer = await t.as('buyerB');
    await send({ kind: 'welcome', userIds: [t.fx.users.buyerB], title: '第一条', body: 'one' });
    await send({ kind: 'welcome', userIds: [t.fx.users.buyerB], title: '第二条 🎉', body: 'two', link: '/orders/9' });
    const list = (await buyer.get('/api/notifications')).json();
    expect(list.unread).toBe(2);
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['第二条 🎉', '第一条']);
    expect((await buyer.get('/api/notifications/unread-count')).json()).toEqual({ unread: 2 });
    const read = await buyer.post(`/api/notifications/${list.items[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBeTruthy();
    expect((await buyer.post(`/api/notifications/${list.items[0].id}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await buyer.get('/api/notifications?unread=true')).json()).toMatchObject({ total: 1, unread: 1 });
    expect((await buyer.post('/api/notifications/read-all')).json()).toEqual({ updated: 1 });
    expect((await buyer.get('/api/notifications/unread-count')).json()).toEqual({ unread: 0 });
  });

  it("another user's notification is 404 and stays unread; bad input is 400; signed out is 401", async () => {
    const { notificationIds } = await send({ kind: 'welcome', userIds: [t.fx.users.ownerA], title: 'A 的通知', body: 'x' });
    const other = await t.as('buyerB');
    expect((await other.post(`/api/notifications/${notificationIds[0]}/read`)).statusCode).toBe(404);
    expect((await other.post('/api/notifications/999999999/read')).statusCode).toBe(404);
    expect((await other.get('/api/notifications')).json().items.some((n: { id: number }) => n.id === notificationIds[0])).toBe(false);
    for (const bad of ['abc', '-1', '0', '1.5', '99999999999999999999']) expect((await other.post(`/api/notifications/${bad}/read`)).statusCode).toBe(400);
    for (const q of ['unread=yes', 'pageSize=1000', 'page=0']) expect((await other.get(`/api/notifications?${q}`)).statusCode).toBe(400);
    expect((await t.db.selectFrom('notifications').select('read_at').where('id', '=', notificationIds[0]).executeTakeFirstOrThrow()).read_at).toBeNull();
    expect((await t.anon.get('/api/notifications')).statusCode).toBe(401);
    expect((await t.anon.post('/api/notifications/read-all')).statusCode).toBe(401);
  });

  it('only admins see the email log', async () => {
    const before = await counts(t.db, ['notification_emails']);
    expect((await (await t.as('warehouse')).get('/api/notifications/emails')).statusCode).toBe(403);
    expect((await (await t.as('ownerA')).get('/api/notifications/emails')).statusCode).toBe(403);
    const log = (await (await t.as('admin')).get('/api/notifications/emails?status=skipped')).json();
    expect(log.items.length).toBeGreaterThan(0);
    expect(log.items.every((e: { status: string; error: string }) => e.status === 'skipped' && e.error)).toBe(true);
    expect((await (await t.as('admin')).get('/api/notifications/emails?status=lost')).statusCode).toBe(400);
    expect(await counts(t.db, ['notification_emails'])).toEqual(before);
  });
});
