import sharp from 'sharp';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { SeedContext } from '../../lib/module';
import type { Actor, Role } from '../auth/actor';
import { applyOrderEvent } from '../orders/workflow';
import { localDay } from '../../lib/day-numbers';
import { formatOrderNumber } from '../orders/numbers';
import { insertDemoSubmittedOrder } from '../orders/seed';
import { setCreditHold } from './accounts';
import { payFromBalance, recordTopup } from './payments';
import { submitTransfer } from './transfers';
import { issueStatements } from './statements';
import '../orders/tables';
import './tables';

const actor = (userId: number, login: string, role: Role, companyId: number | null = null, name = login): Actor => ({ userId, login, name, role, companyId, via: 'session', scopes: null });

/** A demo order as submission writes it (pending review), then moved on through the workflow by staff. */
async function demoOrder(db: Kysely<DB>, timeZone: string, n: number, companyId: number, buyer: Actor, method: 'transfer' | 'credit', skus: { id: number; code: string; name: string; base_price: number; base_unit: string }[], qty: number[], admin: Actor, finance: Actor) {
  // a number of today's (local day) 9xxx range, clear of the numbers the daily counter hands out;
  // the order's rows are written by the orders module
  const number = formatOrderNumber(localDay(new Date(), timeZone), 9000 + n);
  const o = await insertDemoSubmittedOrder(db, {
    number, companyId, buyer, paymentMethod: method, note: '演示订单',
    address: { contact: '张伟', phone: '13800138000', province: '上海市', city: '上海市', district: '黄浦区', detail: '南京东路 300 号' },
    lines: skus.map((s, i) => ({ skuId: s.id, code: s.code, name: s.name, unit: s.base_unit, qty: qty[i]!, unitPrice: s.base_price, basePrice: s.base_price })),
  });
  for (let i = 0; i < 3; i++) {
    const cur = await db.selectFrom('orders').select('status').where('id', '=', o.id).executeTakeFirstOrThrow();
    const step = cur.status === 'pending_review' ? (['approve', admin] as const) : cur.status === 'pending_finance' ? (['finance_approve', finance] as const) : null;
    if (!step) break;
    await db.transaction().execute((trx) => applyOrderEvent(trx, step[1], o.id, step[0]));
  }
  return o;
}

/**
 * Demo history written through the real services is posted at today's time: moves the journals
 * after `afterId` (and their entries) to `at`, the moment the demo story says they happened, so
 * statements list each month's orders and agree with what the account owed then.
 */
export async function dateDemoJournals(db: Kysely<DB>, afterId: number, at: Date): Promise<void> {
  if (at.getTime() >= Date.now()) return;
  const when = sql<Date>`${at}::timestamptz`;
  const ids = (await db.selectFrom('ledger_journals').select('id').where('id', '>', afterId).execute()).map((r) => r.id);
  if (!ids.length) return;
  await db.updateTable('ledger_journals').set({ created_at: when }).where('id', 'in', ids).execute();
  await db.updateTable('ledger_entries').set({ created_at: when }).where('journal_id', 'in', ids).execute();
}

/** The newest journal id (0 when none): mark before a demo step, then dateDemoJournals. */
export async function lastJournalId(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('ledger_journals').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Moves an order's journals back in time so statements and aging have history to show. */
async function backdate(db: Kysely<DB>, orderId: number, days: number) {
  const at = sql<Date>`now() - make_interval(days => ${days})`;
  const ids = (await db.selectFrom('ledger_journals').select('id').where('order_id', '=', orderId).execute()).map((r) => r.id);
  if (!ids.length) return;
  await db.updateTable('ledger_journals').set({ created_at: at }).where('id', 'in', ids).execute();
  await db.updateTable('ledger_entries').set({ created_at: at }).where('journal_id', 'in', ids).execute();
}

/**
 * Demo payments: prepaid balances (C001, C003, C005), orders on credit with some history for
 * aging and last month's statements, an order paid from the balance, an order waiting for payment
 * (the buyer can pay it by transfer), a transfer top-up waiting in finance's queue, a customer on hold.
 */
export async function seedPaymentsDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const companies = ctx.refs.companies ?? {};
  if (!users.finance || !users.admin || !users.buyer || !companies.C001) return;
  // the demo people by their names, as the order history shows them
  const names = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const finance = actor(users.finance, 'finance', 'finance', null, names.get(users.finance));
  const admin = actor(users.admin, 'admin', 'admin', null, names.get(users.admin));
  const skus = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id').select(['skus.id', 'skus.code', 'products.name', 'skus.base_price', 'products.base_unit']).where('skus.active', '=', true).where('skus.base_price', '>', 0).orderBy('skus.id').limit(6).execute();
  if (skus.length < 3) return;
  const voucher = await sharp({ create: { width: 600, height: 360, channels: 3, background: '#f5f5f5' } })
    .composite([{ input: Buffer.from('<svg width="600" height="360"><rect x="20" y="20" width="560" height="320" fill="#fff" stroke="#c00" stroke-width="4"/><text x="300" y="120" font-size="36" text-anchor="middle" fill="#c00">BANK TRANSFER</text><text x="300" y="200" font-size="28" text-anchor="middle" fill="#333">CNY 5,000.00</text></svg>'), top: 0, left: 0 }])
    .png().toBuffer();

  await recordTopup(db, finance, companies.C001, { amount: 2_000_000, method: 'transfer', payerName: '上海百联便利连锁有限公司', note: '工行转账 预存货款' });
  if (companies.C003) await recordTopup(db, finance, companies.C003, { amount: 300_000, method: 'transfer', payerName: '苏州好邻居超市', note: '预存款' });
  if (companies.C005) await recordTopup(db, finance, companies.C005, { amount: 80_000, method: 'transfer', payerName: '徐丽', note: '个人账户转入' });

  const buyerId = users.buyer;
  const buyer = actor(buyerId, 'buyer', 'customer_buyer', companies.C001, names.get(buyerId));
  const credit1 = await demoOrder(db, ctx.timeZone, 1, companies.C001, buyer, 'credit', skus.slice(0, 2), [240, 120], admin, finance);
  await backdate(db, credit1.id, 48);
  const paid = await demoOrder(db, ctx.timeZone, 2, companies.C001, buyer, 'transfer', skus.slice(1, 3), [48, 24], admin, finance);
  const paidRow = await db.selectFrom('orders').select(['status', 'total']).where('id', '=', paid.id).executeTakeFirstOrThrow();
  if (paidRow.status === 'awaiting_payment') await payFromBalance(db, buyer, paid.id, paidRow.total);
  const waiting = await demoOrder(db, ctx.timeZone, 3, companies.C001, buyer, 'transfer', skus.slice(0, 3), [24, 24, 12], admin, finance);
  const online = await demoOrder(db, ctx.timeZone, 5, companies.C001, buyer, 'transfer', skus.slice(3, 5), [12, 6], admin, finance);
  ctx.refs.demoOrders = { awaitingPayment: waiting.id, awaitingOnline: online.id, paidFromBalance: paid.id, onCredit: credit1.id };
  if (companies.C002 && users.buyer2) {
    const c2 = await demoOrder(db, ctx.timeZone, 4, companies.C002, actor(users.buyer2, 'buyer2', 'customer_buyer', companies.C002, names.get(users.buyer2)), 'credit', skus.slice(2, 4), [300, 100], admin, finance);
    await backdate(db, c2.id, 75);
  }
  if (companies.C003) {
    const c3 = await db.selectFrom('users').select('id').where('company_id', '=', companies.C003).executeTakeFirst();
    if (c3) await submitTransfer(db, actor(c3.id, 'c3', 'customer_admin', companies.C003), { companyId: companies.C003 }, { amount: 500_000, payerName: '苏州好邻居超市', note: '补充预存款', voucher });
  } else {
    await submitTransfer(db, buyer, { companyId: companies.C001 }, { amount: 500_000, payerName: '上海百联', note: '补充预存款', voucher });
  }
  if (companies.C007) await setCreditHold(db, finance, companies.C007, true, '上月账款逾期未付，暂停赊销');

  // last month's statements, from the backdated history
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  await issueStatements(db, finance, `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`, 'Asia/Shanghai');
}
