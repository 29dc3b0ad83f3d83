import type { SeedContext } from '../../lib/module';
import { localDay } from '../../lib/day-numbers';
import { demoActor } from '../orders';
import { seedPresaleDemo } from '../orders/seed-presale';
import { acceptOptions, acceptQuote } from './accept';
import { counterQuote, createQuote, getQuote, offerQuote, quoteStep } from './service';

const isoDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/**
 * Demo quotes in each state a supplier meets (询价中, 已报价, 客户还价, 已下单, 已过期), through
 * the module's own functions as buyers and staff would make them. The pre-order demo runs here
 * too: quotes seed last, after the order history (see seedPresaleDemo).
 */
export async function seedQuotesDemo(ctx: SeedContext): Promise<void> {
  await seedPresaleDemo(ctx);
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  const skuIds = Object.values(ctx.refs.skus ?? {});
  if (!users.admin || !users.buyer || !users.buyer2 || skuIds.length < 60) return;
  const [admin, buyer, buyer2] = await Promise.all([users.admin, users.buyer, users.buyer2].map((id) => demoActor(db, id)));
  const tz = ctx.timeZone;
  const day = (n: number) => isoDay(localDay(new Date(Date.now() + n * 86_400_000), tz));
  const offerCtx = { timeZone: tz, today: day(0) };
  const [a, b, c, d, e] = skuIds.slice(44, 49) as [number, number, number, number, number];
  const offer = async (id: number, pct: number, validUntil: string, terms: string) => {
    const q = await getQuote(db, admin, id);
    await offerQuote(db, admin, id, { lines: q.lines.map((l) => ({ lineId: l.id, unitPrice: Math.max(1, Math.round((l.listPrice * pct) / 100)) })), validUntil, terms, message: '按批量给您优惠价' }, offerCtx);
    return getQuote(db, admin, id);
  };

  // 询价中: the buyer asks, nobody has answered yet
  await createQuote(db, buyer, { title: '中秋礼盒团购询价', lines: [{ skuId: a, qty: 300 }, { skuId: b, qty: 200 }], message: '公司福利采购，希望 9 月初到货，请报含税价。' });
  // 已报价: another customer's request, offered for two weeks
  const offered = await createQuote(db, buyer2, { title: '新店开业备货', lines: [{ skuId: c, qty: 120 }], message: '新店下月开业，量大从优吗？' });
  await offer(offered, 92, day(14), '款到发货，含运费');
  // 客户还价: offered, and the buyer proposes lower prices
  const countered = await createQuote(db, buyer, { title: '季度常规补货（大批量）', lines: [{ skuId: d, qty: 500 }, { skuId: e, qty: 240 }] });
  const q3 = await offer(countered, 95, day(10), '月结 30 天');
  await counterQuote(db, buyer, countered, { version: q3.version, lines: q3.lines.map((l) => ({ lineId: l.id, unitPrice: Math.max(1, Math.round((l.offerPrice ?? l.listPrice) * 0.96)) })), message: '同行报价更低，能否再让 4%？' });
  // 已下单: offered and accepted into an order at the quoted prices
  const ordered = await createQuote(db, buyer2, { title: '门店陈列专项采购', lines: [{ skuId: b, qty: 48 }] });
  const q4 = await offer(ordered, 90, day(7), '含陈列物料');
  await quoteStep(db, buyer2, ordered, 'message', { version: q4.version, body: '价格可以，今天下单。' });
  const options = await acceptOptions(db, buyer2, ordered);
  if (options.addresses[0]) await acceptQuote(db, buyer2, ordered, { addressId: options.addresses[0].id, expectedTotal: null }, { timeZone: tz, locale: 'zh-CN' });
  // 已过期: an offer the buyer let lapse — offered yesterday for one day, its validity then moved into the past
  const lapsed = await createQuote(db, buyer, { title: '临期促销品询价', lines: [{ skuId: c, qty: 60 }] });
  await offer(lapsed, 85, day(0), '限当日有效');
  await db.updateTable('quotes').set({ valid_until: new Date(Date.now() - 2 * 86_400_000) }).where('id', '=', lapsed).execute();
}
