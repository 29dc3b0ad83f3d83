import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { NAMED } from '../../lib/db';
import { formatYuan } from '../../lib/money';
import { t, type Locale } from '../../lib/i18n';
import { best, levelText, type Application, type Audience, type Best, type Coupon, type Line, type Outcome, type Promotion, type PromotionRule, type Scope } from './engine';
import { applyFunds, FUNDS_DEFAULTS, type FundsChoice, type FundsSettings, type FundsView } from './funds-step';
import './messages';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The one documented pricing step for promotions and coupons (DESIGN.md "one pricing pipeline"):
 * lines already priced by pricing's resolvePrices (base → tier / customer / contract) go in;
 * priceMarketing loads what runs now for the customer (one SQL round trip) and runs engine.ts's
 * `best`; out come each line's discount, the applied promotions and coupon with their amounts,
 * the gifts, and what did not apply and why. The cart view, the staff preview and the
 * submission's plan all call it.
 */
export interface PricedInput {
  ref: number;
  skuId: number;
  qty: number;
  unitPrice: number;
  /** pricing's rule kind: customer / tier price lists are contract prices */
  priceKind: string;
}

/** undefined: the best coupon (or none); null: none; a number: that coupon only. */
export type CouponChoice = number | null | undefined;

interface Ctx {
  customer: { tierId: number | null; province: string | null; city: string | null } | null;
  promotions: (Promotion & { audience: Audience })[];
  considered: number[];
  coupons: Coupon[];
  skus: Map<number, { categoryIds: number[]; brandId: number | null }>;
  gifts: Map<number, { code: string; name: string; baseUnit: string }>;
  /** the customer's rebate (fen) and points balances, and the funds settings */
  funds: { rebate: number; points: number; settings: FundsSettings };
}

type PromotionRow = { id: number; name: string; rule: PromotionRule; scope: Scope; audience: Audience; limit_qty: number | null; budget: number | null; per_customer: number | null; per_order_qty: number | null; used_qty: number; used_budget: number; exclusive: boolean; with_coupons: boolean; with_contract_prices: boolean; priority: number; starts_at: string; ends_at: string; gift: [string, string, string, number] | null };

interface CtxRow {
  customer: [number | null, string | null, string | null] | null;
  /** what limited promotions have used so far and this customer's uses: [id, used_qty, used_budget, uses] */
  live: [number, number, number, number | null][] | null;
  skus: [number, number | null, number[] | null][] | null;
  coupons: { id: number; name: string; kind: 'amount' | 'percent'; amount_off: number | null; discount_bp: number | null; max_off: number | null; threshold: number; scope: Scope; valid_to: string }[] | null;
  funds: [number | null, number | null, Partial<FundsSettings> | null];
}

/**
 * The promotions active and not ended, shared by every customer and cached for a second (the
 * same second as marketingActive; marketingChanged forgets it): a submission no longer builds 50
 * promotions' JSON per call. What may be stale is harmless: limited promotions' counters and a
 * customer's uses are read live each time (below), orders_submit refuses a plan that missed a
 * promotion which runs (PROMOTIONS_CHANGED: planned again on fresh data), and redemption is a
 * conditional update.
 */
let running: { until: number; rows: PromotionRow[] } | null = null;

async function runningPromotions(db: Db): Promise<PromotionRow[]> {
  const now = Date.now();
  if (running && running.until > now) return running.rows;
  const { rows } = await sql<{ p: PromotionRow[] | null }>`
    select json_agg(json_build_object('id', p.id, 'name', p.name, 'rule', p.rule, 'scope', p.scope, 'audience', p.audience,
        'limit_qty', p.limit_qty, 'budget', p.budget, 'per_customer', p.per_customer, 'per_order_qty', p.per_order_qty,
        'used_qty', p.used_qty, 'used_budget', p.used_budget, 'exclusive', p.exclusive, 'with_coupons', p.with_coupons,
        'with_contract_prices', p.with_contract_prices, 'priority', p.priority, 'starts_at', p.starts_at, 'ends_at', p.ends_at,
        'gift', (select json_build_array(gs.code, gp.name, gp.base_unit, gs.base_price) from skus gs join products gp on gp.id = gs.product_id
                 where p.kind = 'gift' and gs.id = (p.rule->>'giftSkuId')::bigint))
      order by p.id) as p
    from promotions p where p.status = 'active' and p.ends_at > now()`.execute(db);
  running = { until: now + 1000, rows: rows[0]?.p ?? [] };
  return running.rows;
}

/** The SKUs a context is for: ids, or an expression the caller owns (e.g. its cart's SKUs, read in the same statement). */
export type SkuIds = number[] | RawBuilder<unknown>;

/** Everything the engine needs for a customer and SKUs at a moment: cached promotions, and one statement. */
export async function loadContext(db: Db, companyId: number, skuIds: SkuIds, at: Date): Promise<Ctx> {
  return (await loadContextWith(db, companyId, skuIds, at, sql<null>`null`)).ctx;
}

/**
 * loadContext, with one more value read in the same statement (`extra`: an expression the caller
 * owns, e.g. its cart's lines priced by pricing's SQL function), so a submission reads everything
 * the engine needs in one round trip. The statement is NAMED (prepared per connection): planning
 * it cost more than running it (PostgreSQL, 5-line cart: 1.4 ms unnamed, 0.3 ms named).
 */
export async function loadContextWith<T>(db: Db, companyId: number, skuIds: SkuIds, at: Date, extra: RawBuilder<T>): Promise<{ ctx: Ctx; extra: T }> {
  const ids = Array.isArray(skuIds) ? sql`${skuIds}::bigint[]` : skuIds;
  const all = (await runningPromotions(db)).filter((p) => new Date(p.starts_at) <= at && new Date(p.ends_at) > at);
  const watched = all.filter((p) => p.limit_qty != null || p.budget != null || p.per_customer != null).map((p) => p.id);
  const { rows } = await sql<CtxRow & { extra: T }>`${sql.raw(NAMED)}
    with recursive cats(category_id, ancestor) as (
      select p.category_id, p.category_id from skus s join products p on p.id = s.product_id
      where s.id = any(${ids}) and p.category_id is not null
      union
      select cats.category_id, c.parent_id from cats join categories c on c.id = cats.ancestor where c.parent_id is not null
    )
    select
      (select json_build_array(c.tier_id, c.province, c.city) from companies c where c.id = ${companyId}) as customer,
      (select json_agg(json_build_array(p.id, p.used_qty, p.used_budget,
          (select u.uses from promotion_customer_uses u where u.promotion_id = p.id and u.company_id = ${companyId})))
       from promotions p where p.id = any(${watched}::bigint[])) as live,
      (select json_agg(json_build_array(s.id, p.brand_id, (select array_agg(cats.ancestor) from cats where cats.category_id = p.category_id)))
       from skus s join products p on p.id = s.product_id where s.id = any(${ids})) as skus,
      (select json_agg(json_build_object('id', c.id, 'name', ct.name, 'kind', ct.kind, 'amount_off', ct.amount_off, 'discount_bp', ct.discount_bp,
          'max_off', ct.max_off, 'threshold', ct.threshold, 'scope', ct.scope, 'valid_to', c.valid_to) order by c.valid_to, c.id)
       from coupons c join coupon_templates ct on ct.id = c.template_id
       where c.company_id = ${companyId} and c.status = 'available' and c.valid_from <= ${at} and c.valid_to > ${at}) as coupons,
      json_build_array(
        (select a.balance from marketing_accounts a where a.company_id = ${companyId} and a.kind = 'rebate'),
        (select a.balance from marketing_accounts a where a.company_id = ${companyId} and a.kind = 'points'),
        (select st.value from settings st where st.key = 'marketing.funds')) as funds,
      ${extra} as extra
  `.execute(db);
  const r = rows[0]!;
  const live = new Map((r.live ?? []).map(([id, q, b, u]) => [Number(id), { usedQty: Number(q), usedBudget: Number(b), uses: u == null ? 0 : Number(u) }]));
  const customer = r.customer ? { tierId: r.customer[0] == null ? null : Number(r.customer[0]), province: r.customer[1], city: r.customer[2] } : null;
  const gifts = new Map<number, { code: string; name: string; baseUnit: string }>();
  const promotions = all.map((p) => {
    if (p.rule.kind === 'gift' && p.gift) gifts.set(p.rule.giftSkuId, { code: p.gift[0], name: p.gift[1], baseUnit: p.gift[2] });
    const now = live.get(Number(p.id));
    const usedQty = now?.usedQty ?? Number(p.used_qty);
    const usedBudget = now?.usedBudget ?? Number(p.used_budget);
    return {
      id: Number(p.id), name: p.name, rule: p.rule, scope: p.scope, audience: p.audience, exclusive: p.exclusive, withCoupons: p.with_coupons,
      withContractPrices: p.with_contract_prices, priority: p.priority,
      qtyLeft: p.limit_qty == null ? null : p.limit_qty - usedQty,
      budgetLeft: p.budget == null ? null : Number(p.budget) - usedBudget,
      perOrderQty: p.per_order_qty, perCustomer: p.per_customer, customerUses: now?.uses ?? 0,
      giftValue: p.gift ? Number(p.gift[3]) : 0,
    };
  });
  const ctx: Ctx = {
    customer,
    considered: promotions.map((p) => p.id),
    promotions: customer ? promotions.filter((p) => forCustomer(p.audience, companyId, customer)) : [],
    coupons: (r.coupons ?? []).map((c) => ({
      id: Number(c.id), name: c.name, kind: c.kind, amountOff: c.amount_off == null ? null : Number(c.amount_off), discountBp: c.discount_bp,
      maxOff: c.max_off == null ? null : Number(c.max_off), threshold: Number(c.threshold), scope: c.scope, validTo: new Date(c.valid_to).getTime(),
    })),
    skus: new Map((r.skus ?? []).map(([id, brandId, cats]) => [Number(id), { brandId: brandId == null ? null : Number(brandId), categoryIds: (cats ?? []).map(Number) }])),
    gifts,
    funds: { rebate: Number(r.funds[0] ?? 0), points: Number(r.funds[1] ?? 0), settings: { ...FUNDS_DEFAULTS, ...(r.funds[2] ?? {}) } },
  };
  return { ctx, extra: r.extra };
}

/** Whether a promotion's audience takes in this customer (empty lists: everyone). */
export function forCustomer(a: Audience, companyId: number, c: { tierId: number | null; province: string | null }): boolean {
  const none = !a.tierIds?.length && !a.provinces?.length && !a.companyIds?.length;
  return none || !!a.companyIds?.includes(companyId) || (c.tierId != null && !!a.tierIds?.includes(c.tierId)) || (c.province != null && !!a.provinces?.includes(c.province));
}

const CONTRACT = new Set(['customer_price_list', 'tier_price_list']);

/** The engine's lines for priced inputs. */
function engineLines(ctx: Ctx, lines: PricedInput[]): Line[] {
  return lines.map((l) => {
    const s = ctx.skus.get(l.skuId);
    return { ref: l.ref, skuId: l.skuId, qty: l.qty, unitPrice: l.unitPrice, contract: CONTRACT.has(l.priceKind), categoryIds: s?.categoryIds ?? [], brandId: s?.brandId ?? null };
  });
}

export interface MarketingResult {
  best: Best;
  ctx: Ctx;
  /** the chosen coupon was not in the wallet (used, expired or someone else's) */
  couponMissing: boolean;
  /** the rebate and points balances, caps and what this cart uses */
  funds: FundsView;
}

/** Runs the promotions-and-coupons step for a customer's priced lines. */
export async function priceMarketing(db: Db, companyId: number, lines: PricedInput[], coupon: CouponChoice, funds: FundsChoice = {}, at = new Date()): Promise<MarketingResult> {
  const skuIds = [...new Set(lines.map((l) => l.skuId))];
  return priceMarketingWith(await loadContext(db, companyId, skuIds, at), lines, coupon, funds);
}

/** priceMarketing over a context already loaded (loadContext, e.g. at the same time as the prices). */
export function priceMarketingWith(ctx: Ctx, lines: PricedInput[], coupon: CouponChoice, funds: FundsChoice = {}): MarketingResult {
  const chosen = typeof coupon === 'number' ? ctx.coupons.find((c) => c.id === coupon) ?? null : coupon;
  const live = lines.filter((l) => l.qty > 0);
  const result = best(engineLines(ctx, live), ctx.promotions, ctx.coupons, chosen);
  const f = applyFunds(result, live.map((l) => ({ ref: l.ref, amount: l.unitPrice * l.qty })), ctx.funds, ctx.funds.settings, funds);
  return { best: f.best, ctx, couponMissing: typeof coupon === 'number' && chosen === null, funds: f.view };
}

/** The sentence that says why a promotion or coupon did not apply (还差 ¥120 可享满 ¥1000 减 ¥50). */
export function whyNot(o: Outcome, promotions: Promotion[], locale: Locale): string {
  const rule = promotions.find((p) => p.id === o.promotionId)?.rule;
  const short = o.basis === 'qty' ? `${o.short} 件` : `¥${formatYuan(o.short ?? 0)}`;
  switch (o.reason) {
    case 'BELOW_THRESHOLD':
      return t('MK_SHORT', locale, { short, level: rule && o.level ? levelText(rule, o.level) : '', name: o.name });
    case 'COUPON_BELOW_THRESHOLD':
      return t('MK_COUPON_SHORT', locale, { short, name: o.name });
    case 'COUPON_BLOCKED':
      return t('MK_COUPON_BLOCKED', locale, { name: o.name, with: o.with ?? '' });
    case 'NOT_COMBINED':
      return t('MK_NOT_COMBINED', locale, { name: o.name, with: o.with ?? '' });
    default:
      return t(`MK_${o.reason}`, locale, { name: o.name });
  }
}

/** The next level's hint of an applied order promotion ("再买 ¥X 可享满 ¥3000 减 ¥200"). */
export function nextHint(a: Application, promotions: Promotion[], locale: Locale): string | null {
  const rule = promotions.find((p) => p.id === a.promotionId)?.rule;
  if (!a.next || !rule || !('levels' in rule)) return null;
  const level = [...rule.levels].sort((x, y) => x.threshold - y.threshold)[a.next.level]!;
  const short = a.next.basis === 'qty' ? `${a.next.short} 件` : `¥${formatYuan(a.next.short)}`;
  return t('MK_NEXT', locale, { short, level: levelText(rule, level), name: a.name });
}

/** What the buyer and the staff preview see: the discounts, the gifts and the hints. */
export function explain(r: MarketingResult, locale: Locale) {
  const { best: b, ctx } = r;
  const gifts = b.applications.filter((a) => a.gift && a.gift.qty > 0).map((a) => {
    const g = ctx.gifts.get(a.gift!.skuId);
    return { promotionId: a.promotionId!, skuId: a.gift!.skuId, qty: a.gift!.qty, code: g?.code ?? '', name: g?.name ?? '', unit: g?.baseUnit ?? '' };
  });
  const hints = [
    ...b.notApplied.filter((o) => o.reason === 'BELOW_THRESHOLD').map((o) => whyNot(o, ctx.promotions, locale)),
    ...b.applications.map((a) => nextHint(a, ctx.promotions, locale)).filter((x): x is string => x != null),
  ];
  return {
    discount: b.discount,
    applied: b.applications.map((a) => ({
      promotionId: a.promotionId, couponId: a.couponId, kind: a.kind, name: a.name, amount: a.amount, detail: a.detail,
      gift: a.gift ?? null, shares: a.shares,
    })),
    notApplied: b.notApplied.map((o) => ({ promotionId: o.promotionId, couponId: o.couponId, name: o.name, reason: o.reason, message: whyNot(o, ctx.promotions, locale) })),
    hints,
    gifts,
    coupon: b.coupon ? { id: b.coupon.id, name: b.coupon.name } : null,
    couponMissing: r.couponMissing,
    coupons: ctx.coupons.map((c) => ({ id: c.id, name: c.name, validTo: new Date(c.validTo) })),
    funds: r.funds,
  };
}
export type Explained = ReturnType<typeof explain>;

/**
 * The plan a submission carries into orders_submit (marketing_check / marketing_redeem): the lines
 * it was computed for, the promotions running at the time, what applies, and the gifts. Limited
 * promotions are sorted by id so concurrent submissions lock their rows in one order.
 */
export function submissionPlan(lines: PricedInput[], r: MarketingResult, coupon?: CouponChoice) {
  const promo = (id: number | null) => r.ctx.promotions.find((p) => p.id === id);
  const applications = [...r.best.applications]
    .filter((a) => a.amount > 0 || (a.gift && a.gift.qty > 0))
    .sort((a, b) => (a.couponId != null ? 1 : 0) - (b.couponId != null ? 1 : 0) || (a.promotionId ?? 0) - (b.promotionId ?? 0))
    .map((a) => {
      const p = promo(a.promotionId);
      return {
        promotionId: a.promotionId, couponId: a.couponId, kind: a.kind, name: a.name, amount: a.amount, qty: a.qty, detail: a.detail,
        limited: !!p && (p.qtyLeft != null || p.budgetLeft != null), perCustomer: p?.perCustomer ?? null,
        shares: a.shares, giftSkuId: a.gift?.skuId ?? null, giftQty: a.gift?.qty ?? null,
      };
    });
  return {
    basis: lines.map((l) => ({ ref: l.ref, skuId: l.skuId, qty: l.qty, unitPrice: l.unitPrice })),
    considered: r.ctx.considered,
    discount: r.best.discount,
    /** the coupon was picked by the engine (the buyer named none): marketing_redeem may take another of its template */
    couponAuto: coupon === undefined,
    gifts: applications.filter((a) => a.giftSkuId != null).map((a) => ({ skuId: a.giftSkuId, qty: a.giftQty, promotionId: a.promotionId, detail: `${a.name}：${a.detail}` })),
    applications,
  };
}
export type SubmissionPlan = ReturnType<typeof submissionPlan>;

let quiet: { until: number; promotions: boolean; coupons: boolean } | null = null;

/**
 * Whether anything of marketing may apply to a submission, cached for a second so a plain
 * submission stays one round trip. Safe when stale: orders_submit refuses an order planned
 * without a promotion that runs (PROMOTIONS_CHANGED) and the caller plans again.
 */
export async function marketingActive(db: Db): Promise<{ promotions: boolean; coupons: boolean }> {
  const now = Date.now();
  if (quiet && quiet.until > now) return quiet;
  const { rows } = await sql<{ p: boolean; c: boolean }>`
    select exists (select 1 from promotions where status = 'active' and ends_at > now()) as p,
           exists (select 1 from coupons where status = 'available' and valid_to > now()) as c`.execute(db);
  quiet = { until: now + 1000, promotions: rows[0]!.p, coupons: rows[0]!.c };
  return quiet;
}

/** Forgets the cached answer (after a promotion or coupon changed here, or a stale plan). */
export function marketingChanged(): void {
  quiet = null;
  running = null;
}
