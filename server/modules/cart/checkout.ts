import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages, type Locale } from '../../lib/i18n';
import { hashRequest } from '../platform/idempotency';
import type { Actor } from '../auth/actor';
import { getOrderingTerms } from '../customers';
import { getInvoiceProfile, listAddresses } from '../customers/profile';
import { initialStatus, paymentMethodsFor, submitOrder, type PaymentMethod, type SubmittedOrder } from '../orders/submit';
import { shortageFor } from '../inventory/customer-stock';
import { audienceOf, findCart, getCart, storedLines, type CartOwner } from './cart';
import { loadContextWith, marketingActive, marketingChanged, priceMarketingWith, submissionPlan, type CouponChoice, type FundsChoice, type PricedInput, type SubmissionPlan } from '../marketing';

/**
 * Checkout: what the buyer sees before submitting (addresses, invoice title, the payment
 * methods the customer's terms allow, the price breakdown, whether the order will wait for the
 * customer admin's approval) and the submission itself.
 */
registerMessages({
  IDEMPOTENCY_KEY_REQUIRED: { zh: '提交订单需要 Idempotency-Key 请求头（防止重复下单）', en: 'Submitting an order needs an Idempotency-Key header (prevents duplicate orders)' },
});

export async function checkoutPreview(db: Kysely<DB>, actor: Actor, o: CartOwner, locale: Locale, coupon?: CouponChoice, funds: FundsChoice = {}) {
  const [cart, { terms, buyerLimit }, addresses, invoiceProfile] = [
    await getCart(db, o, locale, coupon, funds),
    await getOrderingTerms(db, o.companyId, o.onBehalf ? null : o.userId),
    await listAddresses(db, actor, o.companyId),
    await getInvoiceProfile(db, actor, o.companyId),
  ];
  const customer = await db.selectFrom('companies').select(['id', 'code', 'name']).where('id', '=', o.companyId).executeTakeFirstOrThrow();
  const methods = await paymentMethodsFor(db, o.companyId, terms);
  return {
    customer,
    cart,
    paymentTerms: terms.paymentTerms,
    customerActive: terms.status === 'active',
    paymentMethods: methods,
    defaultPaymentMethod: methods[0] ?? null,
    addresses,
    invoiceProfile,
    invoiceTypes: (invoiceProfile ? (invoiceProfile.kind === 'special' ? ['none', 'normal', 'special'] : ['none', 'normal']) : ['none']) as ('none' | 'normal' | 'special')[],
    buyerLimit,
    willNeedApproval: initialStatus({ total: cart.totals.total, buyerLimit, onBehalf: o.onBehalf }) === 'awaiting_approval',
  };
}

export interface CheckoutBody {
  addressId: number;
  wishedDeliveryDate?: string | null;
  invoiceType?: 'none' | 'normal' | 'special';
  customerPo?: string | null;
  note?: string | null;
  paymentMethod?: PaymentMethod;
  expectedTotal?: number;
  /** omitted: the best coupon (as the cart showed it); null: none */
  couponId?: number | null;
  /** rebate (fen) and points to deduct: 'max' or at most that many; omitted: none */
  rebate?: number | 'max';
  points?: number | 'max';
}

/**
 * Marketing's plan for the cart as it is now (its lines priced without stock, then promotions
 * and the coupon), or undefined when nothing of marketing can apply (the common case costs no
 * round trip: marketingActive is cached; orders_submit refuses a plan-less order while a
 * promotion runs, and the submission then plans).
 */
export async function planFor(db: Kysely<DB>, o: CartOwner, coupon: CouponChoice, funds: FundsChoice, force: boolean, lost: ReadonlySet<number> = new Set()): Promise<Planned | undefined> {
  // a coupon the buyer named is always planned: with nothing live it is refused (MK_COUPON_UNKNOWN),
  // never dropped in silence to place the order at full price
  if (!force && !funds.rebate && !funds.points && typeof coupon !== 'number') {
    const active = await marketingActive(db);
    if (!active.promotions && !(active.coupons && coupon !== null)) return undefined;
  }
  // one statement: the cart's lines priced by pricing's SQL function as orders_submit would price
  // them (each at its SKU's total) and marketing's context for the cart's SKUs; orders_submit
  // refuses hidden or off-shelf lines
  const { ctx, extra } = await loadContextWith(db, o.companyId, cartSkuIds(o), new Date(), pricedCartLines(o));
  const { inputs, priced } = pricedFrom(extra);
  if (!inputs.length) return undefined;
  // coupons picked automatically that another submission used first are out of the choice
  if (lost.size) ctx.coupons = ctx.coupons.filter((c) => !lost.has(c.id));
  const r = priceMarketingWith(ctx, inputs, coupon, funds);
  if (r.couponMissing) throw new AppError('MK_COUPON_UNKNOWN', 409);
  return { plan: submissionPlan(inputs, r, coupon), priced };
}

/** A submission's plan, and pricing's rows it was made from (orders_submit takes them instead of pricing the same lines again). */
export interface Planned { plan: SubmissionPlan; priced: unknown[] }

/** The owner's cart SKUs, as an expression for marketing's context statement. */
const cartSkuIds = (o: CartOwner) =>
  sql`array(select cl.sku_id from cart_lines cl join carts c on c.id = cl.cart_id where c.company_id = ${o.companyId} and c.user_id = ${o.userId} and c.kind = 'cart')`;

/**
 * The owner's cart lines with the unit price orders_submit would give them (pricing_price_skus at
 * each SKU's total), as one value of marketing's context statement: [ref, skuId, qty, unitPrice,
 * priceKind, pricing's row for the SKU with the total it was priced at] per line. orders_submit
 * uses those rows instead of pricing again when the cart it takes still holds exactly those totals.
 * pricing_price_skus runs once, in a materialized CTE: joined in place, PostgreSQL planned its
 * function scan inside the join with the lines and called it once per cart line (5× for a 5-line
 * cart, ~0.6 ms of PostgreSQL CPU each; issue 15).
 */
const pricedCartLines = (o: CartOwner) => sql<PricedRow[] | null>`(
    with l as (
      select cl.id, cl.sku_id, cl.qty from cart_lines cl join carts c on c.id = cl.cart_id
      where c.company_id = ${o.companyId} and c.user_id = ${o.userId} and c.kind = 'cart'
    ), s as (
      select sku_id, sum(qty)::int as total from l group by sku_id
    ), t as (
      select array_agg(sku_id order by sku_id) as skus, array_agg(total order by sku_id) as qtys from s
    ), pr as materialized (
      select f.* from t cross join lateral pricing_price_skus(${o.companyId}::bigint, t.skus, t.qtys, now()) f where t.skus is not null
    )
    select json_agg(json_build_array(l.id, l.sku_id, l.qty, pr.unit_price, pr.rule->>'kind', to_jsonb(pr) || jsonb_build_object('qty', s.total)) order by l.id)
    from pr
    join l on l.sku_id = pr.sku_id
    join s on s.sku_id = pr.sku_id)`;

type PricedRow = [ref: number, skuId: number, qty: number, unitPrice: number, priceKind: string, priced: Record<string, unknown>];

function pricedFrom(rows: PricedRow[] | null): { inputs: PricedInput[]; priced: unknown[] } {
  const priced = new Map((rows ?? []).map((r) => [Number(r[1]), r[5]]));
  return {
    inputs: (rows ?? []).map(([ref, skuId, qty, unitPrice, priceKind]) => ({ ref: Number(ref), skuId: Number(skuId), qty, unitPrice: Number(unitPrice), priceKind })),
    priced: [...priced.values()],
  };
}

/**
 * Submits the owner's cart as an order, once per Idempotency-Key, in one database call (see
 * orders/submit.ts): the key row, the cart's lines, the order, its reservations and events, and
 * the emptied cart commit together or not at all. A retry with the same key and body returns the
 * first order; another body is IDEMPOTENCY_KEY_REUSED (422).
 */
export async function submitCart(
  db: Kysely<DB>, actor: Actor, o: CartOwner, body: CheckoutBody, key: string | undefined, opts: { timeZone: string; locale: Locale },
): Promise<{ order: SubmittedOrder; replayed: boolean }> {
  if (!key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 400, {}, [{ path: 'Idempotency-Key', message: 'header required' }]);
  // a plan that went stale between planning and the statement (a promotion started, the cart or a
  // price changed) is refused whole by orders_submit; plan again, a few times. A coupon picked
  // automatically (no couponId) that another submission used first is planned again without it,
  // as often as that happens (each time one coupon fewer, so it ends); a chosen coupon keeps its 409.
  const lost = new Set<number>();
  for (let attempt = 1, stale = 0; ; attempt++) {
    const plan = await planFor(db, o, lost.size >= MAX_LOST ? null : body.couponId, { rebate: body.rebate, points: body.points }, attempt > 1, lost);
    try {
      return await submitOnce(db, actor, o, body, key, opts, plan);
    } catch (e) {
      const coupon = plan?.plan.applications.find((a) => a.couponId != null)?.couponId;
      if (e instanceof AppError && e.code === 'COUPON_UNAVAILABLE' && body.couponId === undefined && coupon != null && !lost.has(coupon)) {
        lost.add(coupon);
        continue;
      }
      const again = e instanceof AppError && (e.code === 'PROMOTIONS_CHANGED' || e.code === 'REBATE_SHORT' || e.code === 'POINTS_SHORT');
      if (!again || ++stale >= 3) throw e;
      marketingChanged();
    }
  }
}

/** After this many coupons lost to other submissions, the order is planned without a coupon. */
const MAX_LOST = 20;

async function submitOnce(
  db: Kysely<DB>, actor: Actor, o: CartOwner, body: CheckoutBody, key: string, opts: { timeZone: string; locale: Locale }, planned: Planned | undefined,
): Promise<{ order: SubmittedOrder; replayed: boolean }> {
  try {
    return await submitOrder(db, actor, {
      // The key is per customer and user: another user's key never replays someone else's order.
      scope: `order.submit:${o.companyId}:${o.userId}`,
      key,
      hash: hashRequest(body),
      companyId: o.companyId,
      userId: o.userId,
      buyerUserId: o.onBehalf ? null : o.userId,
      onBehalf: o.onBehalf,
      addressId: body.addressId,
      wishedDeliveryDate: body.wishedDeliveryDate ?? null,
      invoiceType: body.invoiceType ?? 'none',
      customerPo: body.customerPo ?? null,
      note: body.note ?? null,
      paymentMethod: body.paymentMethod ?? null,
      expectedTotal: body.expectedTotal ?? null,
      timeZone: opts.timeZone,
      ...(planned ? { marketing: planned.plan, priced: planned.priced } : {}),
    }, opts.locale);
  } catch (e) {
    // the shortage says the quantity in the unit the cart holds it in (the failed submission left
    // the cart as it was) and names available quantities only where the viewer may see them
    const cartId = await findCart(db, o);
    const units = new Map((cartId ? await storedLines(db, cartId) : []).map((l) => [l.skuId, { unit: l.unit, factor: l.unitFactor }]));
    throw await shortageFor(db, e, audienceOf(o), units);
  }
}
