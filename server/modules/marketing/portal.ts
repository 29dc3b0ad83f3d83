import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Locale } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { resolvePrices } from '../pricing';
import { explain, forCustomer, priceMarketing } from './apply';
import type { Audience, PromotionRule, Scope } from './engine';
import { summaryOf } from './promotions';
import './tables';

/**
 * What customers see of marketing outside the cart (the promotions page and the tags on product
 * cards and pages), and the staff preview ("for customer C001 this cart would get…").
 */

/**
 * The promotions running now for a customer, each with the SKUs, brands and categories it covers
 * (categories with all their sub-categories, so a card can tag itself by its own category).
 */
export async function myPromotions(db: Kysely<DB>, companyId: number) {
  const now = new Date();
  const [rows, customer] = await Promise.all([
    db.selectFrom('promotions').select(['id', 'name', 'kind', 'rule', 'scope', 'audience', 'starts_at', 'ends_at', 'limit_qty', 'used_qty'])
      .where('status', '=', 'active').where('starts_at', '<=', now).where('ends_at', '>', now).orderBy('priority', 'desc').orderBy('id').limit(200).execute(),
    db.selectFrom('companies').select(['tier_id', 'province']).where('id', '=', companyId).executeTakeFirst(),
  ]);
  const mine = rows.filter((r) => customer && forCustomer(r.audience as Audience, companyId, { tierId: customer.tier_id, province: customer.province }));
  const catIds = [...new Set(mine.flatMap((r) => (r.scope as Scope).categoryIds ?? []))];
  const desc = new Map<number, number[]>();
  if (catIds.length) {
    const { rows: tree } = await sql<{ root: number; id: number }>`
      with recursive d(root, id) as (
        select c.id, c.id from categories c where c.id = any(${catIds}::bigint[])
        union select d.root, c.id from d join categories c on c.parent_id = d.id)
      select root, id from d`.execute(db);
    for (const t of tree) desc.set(Number(t.root), [...(desc.get(Number(t.root)) ?? []), Number(t.id)]);
  }
  const skuIdsOf = (r: (typeof mine)[number]) => {
    const rule = r.rule as PromotionRule;
    return [...((r.scope as Scope).skuIds ?? []), ...(rule.kind === 'special_price' || rule.kind === 'bundle' ? rule.items.map((i) => i.skuId) : [])];
  };
  const allSkus = [...new Set(mine.flatMap(skuIdsOf))];
  const productOf = new Map((allSkus.length ? await db.selectFrom('skus').select(['id', 'product_id']).where('id', 'in', allSkus).execute() : []).map((s) => [Number(s.id), Number(s.product_id)]));
  return mine.map((r) => {
    const rule = r.rule as PromotionRule;
    const scope = r.scope as Scope;
    const ruleSkus = rule.kind === 'special_price' || rule.kind === 'bundle' ? rule.items.map((i) => i.skuId) : [];
    const all = !scope.skuIds?.length && !scope.brandIds?.length && !scope.categoryIds?.length && !ruleSkus.length;
    return {
      id: Number(r.id), name: r.name, kind: r.kind, summary: summaryOf(rule), tag: tagOf(rule), startsAt: r.starts_at, endsAt: r.ends_at,
      left: r.limit_qty == null ? null : Math.max(0, r.limit_qty - r.used_qty),
      all,
      skuIds: [...new Set([...(scope.skuIds ?? []), ...ruleSkus])],
      productIds: [...new Set(skuIdsOf(r).map((s) => productOf.get(s)).filter((x): x is number => x != null))],
      brandIds: scope.brandIds ?? [],
      categoryIds: [...new Set((scope.categoryIds ?? []).flatMap((c) => desc.get(c) ?? [c]))],
      specialPrices: rule.kind === 'special_price' ? rule.items : [],
    };
  });
}

const y = (fen: number) => String(fen / 100);

/** The short tag a product card shows for a promotion (满1000减50, 满500打9折, 买10赠1, 特价, 第2件5折, 组合价). */
export function tagOf(rule: PromotionRule): string {
  switch (rule.kind) {
    case 'threshold_off': {
      const l = rule.levels[0]!;
      return rule.basis === 'qty' ? `满${l.threshold}件减${y(l.off)}` : `满${y(l.threshold)}减${y(l.off)}`;
    }
    case 'threshold_discount': {
      const l = rule.levels[0]!;
      return `满${rule.basis === 'qty' ? `${l.threshold}件` : y(l.threshold)}打${(10_000 - l.discountBp) / 1000}折`;
    }
    case 'gift': {
      const l = rule.levels[0]!;
      return rule.basis === 'qty' ? `买${l.threshold}赠${l.giftQty}` : `满${y(l.threshold)}赠${l.giftQty}件`;
    }
    case 'special_price':
      return '特价';
    case 'nth_item':
      return rule.discountBp === 10_000 ? `第${rule.nth}件免费` : `第${rule.nth}件${(10_000 - rule.discountBp) / 1000}折`;
    case 'bundle':
      return '组合价';
  }
}

/** Staff preview: a cart of SKUs and quantities priced for a customer through the whole pipeline. */
export async function previewForCustomer(db: Kysely<DB>, actor: Actor, body: { customerId: number; lines: { skuId: number; qty: number }[]; couponId?: number | null }, locale: Locale) {
  await assertCustomerAccess(db, actor, body.customerId);
  const perSku = new Map<number, number>();
  for (const l of body.lines) perSku.set(l.skuId, (perSku.get(l.skuId) ?? 0) + l.qty);
  const prices = await resolvePrices(db, body.customerId, [...perSku].map(([skuId, qty]) => ({ skuId, qty })));
  const lines = body.lines.map((l, i) => ({ ref: i + 1, skuId: l.skuId, qty: l.qty, price: prices.get(l.skuId) })).filter((l) => l.price);
  const r = await priceMarketing(db, body.customerId, lines.map((l) => ({ ref: l.ref, skuId: l.skuId, qty: l.qty, unitPrice: l.price!.unitPrice, priceKind: l.price!.rule.kind })), body.couponId);
  const mk = explain(r, locale);
  const perLine = new Map<number, number>();
  for (const a of mk.applied) for (const s of a.shares) perLine.set(s.ref, (perLine.get(s.ref) ?? 0) + s.amount);
  const subtotal = lines.reduce((a, l) => a + l.price!.unitPrice * l.qty, 0);
  return {
    lines: lines.map((l) => ({ ref: l.ref, skuId: l.skuId, qty: l.qty, unitPrice: l.price!.unitPrice, lineTotal: l.price!.unitPrice * l.qty, discount: perLine.get(l.ref) ?? 0 })),
    unknownSkuIds: body.lines.filter((l) => !prices.has(l.skuId)).map((l) => l.skuId),
    subtotal, discount: mk.discount, total: subtotal - mk.discount, marketing: mk,
  };
}
