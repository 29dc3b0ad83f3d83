import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { PeriodicJob } from '../../lib/module';
import { formatYuan } from '../../lib/money';
import { notify } from '../notifications';
import { addDays, localToday, n, openReceivablesSql, periodStart } from './common';
import './tables';

/**
 * The weekly summary e-mail (issue 17) to the admins who opted in (rpt_weekly_email): the week
 * just ended (Monday–Sunday, the supplier's days) — sales against the week before, top customers,
 * SKUs out of stock now, overdue receivables. Sent through notifications (in-app + e-mail), once
 * per admin and week (the notice's dedupe key), whichever day and process the job runs first.
 */
export interface WeeklySummary { weekStart: string; weekEnd: string; title: string; body: string }

export async function weeklySummary(db: Kysely<DB>, timeZone: string, now = new Date()): Promise<WeeklySummary> {
  const today = localToday(timeZone, now);
  const weekStart = addDays(periodStart(today, 'week'), -7);
  const weekEnd = addDays(weekStart, 6);
  const prevStart = addDays(weekStart, -7);
  const [{ rows: [s] }, { rows: top }, { rows: [out] }, { rows: outSkus }, { rows: [due] }, { rows: late }] = await Promise.all([
    sql<{ orders: number; amount: number; prev_orders: number; prev_amount: number; collected: number }>`
      select coalesce(sum(r.orders) filter (where r.day >= ${weekStart}::date), 0) as orders, coalesce(sum(r.ordered_amount) filter (where r.day >= ${weekStart}::date), 0) as amount,
             coalesce(sum(r.orders) filter (where r.day < ${weekStart}::date), 0) as prev_orders, coalesce(sum(r.ordered_amount) filter (where r.day < ${weekStart}::date), 0) as prev_amount,
             coalesce(sum(r.paid_online + r.paid_transfer + r.paid_balance + r.paid_cod) filter (where r.day >= ${weekStart}::date), 0) as collected
        from rpt_customer_daily r where r.day between ${prevStart}::date and ${weekEnd}::date`.execute(db),
    sql<{ name: string; amount: number }>`
      select c.name, r.amount from (select company_id, sum(ordered_amount) as amount from rpt_customer_daily where day between ${weekStart}::date and ${weekEnd}::date
        group by 1 having sum(ordered_amount) > 0 order by 2 desc, 1 limit 5) r join companies c on c.id = r.company_id order by r.amount desc, c.id`.execute(db),
    // stock-outs: the latest snapshot (the snapshot job's last run)
    sql<{ n: number; day: string | null }>`select count(distinct sku_id) as n, to_char(max(day), 'YYYY-MM-DD') as day from rpt_stock_daily
      where day = (select max(day) from rpt_stock_daily) and on_hand - reserved <= 0`.execute(db),
    sql<{ label: string }>`select s.code || ' ' || p.name as label from (select distinct sku_id from rpt_stock_daily
      where day = (select max(day) from rpt_stock_daily) and on_hand - reserved <= 0 order by 1 limit 5) d join skus s on s.id = d.sku_id join products p on p.id = s.product_id order by s.code`.execute(db),
    sql<{ amount: number; customers: number }>`select coalesce(sum(outstanding), 0) as amount, count(distinct company_id) as customers from ${openReceivablesSql(timeZone)} o where due_day < ${today}::date`.execute(db),
    sql<{ name: string; amount: number }>`select c.name, o.amount from (select company_id, sum(outstanding) as amount from ${openReceivablesSql(timeZone)} r where due_day < ${today}::date
      group by 1 order by 2 desc, 1 limit 3) o join companies c on c.id = o.company_id order by o.amount desc, c.id`.execute(db),
  ]);
  const y = (fen: unknown) => `¥${formatYuan(n(fen))}`;
  const change = n(s.prev_amount) ? `${n(s.amount) >= n(s.prev_amount) ? '+' : ''}${(((n(s.amount) - n(s.prev_amount)) / n(s.prev_amount)) * 100).toFixed(1)}%` : '—';
  const lines = [
    `【销售】${weekStart} 至 ${weekEnd}：订单 ${n(s.orders)} 笔，销售额 ${y(s.amount)}（上周 ${y(s.prev_amount)}，环比 ${change}），回款 ${y(s.collected)}。`,
    `【前五客户】${top.length ? top.map((r, i) => `${i + 1}. ${r.name} ${y(r.amount)}`).join('；') : '本周无订单'}`,
    `【缺货】${out.day ? `${out.day} 快照：${n(out.n)} 个商品无可用库存${outSkus.length ? `，如 ${outSkus.map((r) => r.label).join('、')}` : ''}` : '还没有库存快照'}`,
    `【逾期应收】${n(due.customers)} 个客户共 ${y(due.amount)}${late.length ? `，最多：${late.map((r) => `${r.name} ${y(r.amount)}`).join('；')}` : ''}`,
    '',
    `Week ${weekStart} to ${weekEnd}: ${n(s.orders)} orders, sales ${y(s.amount)} (${change} vs the week before), collected ${y(s.collected)}; ${n(out.n)} SKUs out of stock; overdue receivables ${y(due.amount)} from ${n(due.customers)} customers.`,
  ];
  return { weekStart, weekEnd, title: `每周经营摘要 ${weekStart} ~ ${weekEnd.slice(5)}`, body: lines.join('\n') };
}

/** Sends the week's summary to every opted-in active admin who has not had it; returns how many got it. */
export async function sendWeeklySummaries(db: Kysely<DB>, timeZone: string, now = new Date()): Promise<number> {
  const subscribers = await db.selectFrom('rpt_weekly_email as w').innerJoin('users as u', 'u.id', 'w.user_id')
    .select('u.id').where('u.role', '=', 'admin').where('u.status', '=', 'active').execute();
  if (!subscribers.length) return 0;
  const summary = await weeklySummary(db, timeZone, now);
  const sent = await db.transaction().execute((trx) => notify(trx, {
    userIds: subscribers.map((r) => r.id), kind: 'report.weekly', title: summary.title, body: summary.body, link: '/admin',
    email: true, dedupeKey: `report.weekly:${summary.weekStart}`,
  }));
  return sent.userIds.length;
}

/** Hourly: the first run of a week sends last week's summary; later runs find it sent. */
export const weeklyEmailJob = (db: Kysely<DB>, timeZone: () => string): PeriodicJob => ({
  name: 'reports.weekly-email', everyMs: 60 * 60_000, run: () => sendWeeklySummaries(db, timeZone()),
});
