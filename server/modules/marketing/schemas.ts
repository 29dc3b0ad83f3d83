import { z } from 'zod';
import { fen, id, optionalText, text } from '../../lib/schemas';

/** A moment: ISO 8601 with an offset, or a local date-time ("2026-12-24 08:00") in the supplier's time zone. */
export const moment = z.string().max(40, 'at most 40 characters').regex(
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
  'a date-time such as 2026-12-24 08:00 (supplier time) or 2026-12-24T08:00:00+08:00',
);

const bp = z.number().int('basis points: a whole number').min(1, 'at least 1 (0.01%)').max(9999, 'less than 10000 (100%)');
const qtyN = z.number().int('a whole number').min(1, 'at least 1').max(10_000_000, 'too large');
const idList = z.array(id).max(500, 'at most 500').optional();
const levels = <T extends z.ZodRawShape>(shape: T) =>
  z.array(z.strictObject({ threshold: fen.min(1, 'a threshold above 0'), ...shape })).min(1, 'at least one level').max(10, 'at most 10 levels');
const basis = z.enum(['amount', 'qty']);

export const promotionRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('threshold_off'), basis, levels: levels({ off: fen.min(1, 'more than 0') }), repeat: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('threshold_discount'), basis, levels: levels({ discountBp: bp }) }),
  z.strictObject({ kind: z.literal('gift'), basis, levels: levels({ giftQty: qtyN }), giftSkuId: id, repeat: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('special_price'), items: z.array(z.strictObject({ skuId: id, price: fen })).min(1, 'at least one product').max(500, 'at most 500') }),
  z.strictObject({ kind: z.literal('nth_item'), nth: z.number().int().min(2, 'from the 2nd item').max(100, 'at most 100'), discountBp: z.number().int('basis points: a whole number').min(1, 'at least 1').max(10_000, 'at most 10000 (free)') }),
  z.strictObject({ kind: z.literal('bundle'), items: z.array(z.strictObject({ skuId: id, qty: qtyN })).min(2, 'at least two products').max(20, 'at most 20'), price: fen.min(1, 'more than 0') }),
]);

export const scope = z.strictObject({ categoryIds: idList, brandIds: idList, skuIds: idList });
export const audience = z.strictObject({ tierIds: idList, provinces: z.array(text(20)).max(50, 'at most 50').optional(), companyIds: idList });

const limit = z.number().int('a whole number').min(1, 'at least 1').max(1_000_000_000, 'too large').nullish();

export const promotionBody = z.strictObject({
  name: text(60),
  startsAt: moment,
  endsAt: moment,
  rule: promotionRule,
  scope: scope.optional(),
  audience: audience.optional(),
  limitQty: limit,
  budget: fen.min(1, 'more than 0').nullish(),
  perCustomer: limit,
  perOrderQty: limit,
  exclusive: z.boolean().optional(),
  withCoupons: z.boolean().optional(),
  withContractPrices: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  note: optionalText(500),
});
export type PromotionBody = z.infer<typeof promotionBody>;

export const STATES = ['draft', 'scheduled', 'running', 'ended', 'stopped'] as const;
export const promotionView = z.object({
  id: z.number(), name: z.string(), kind: z.string(), status: z.enum(['draft', 'active', 'stopped']), state: z.enum(STATES),
  startsAt: z.date(), endsAt: z.date(), rule: z.unknown(), scope: z.unknown(), audience: z.unknown(),
  limitQty: z.number().nullable(), budget: z.number().nullable(), perCustomer: z.number().nullable(), perOrderQty: z.number().nullable(),
  usedQty: z.number(), usedBudget: z.number(), exclusive: z.boolean(), withCoupons: z.boolean(), withContractPrices: z.boolean(),
  priority: z.number(), note: z.string().nullable(), summary: z.string(),
});
export const promotionQuery = z.object({ state: z.enum(STATES).optional(), q: z.string().max(60).optional() });

const share = z.object({ ref: z.number(), amount: z.number() });
/** The promotions-and-coupons step of a cart, as the buyer sees it. */
export const marketingView = z.object({
  discount: z.number(),
  applied: z.array(z.object({
    promotionId: z.number().nullable(), couponId: z.number().nullable(), kind: z.string(), name: z.string(), amount: z.number(), detail: z.string(),
    gift: z.object({ skuId: z.number(), qty: z.number() }).nullable(), shares: z.array(share),
  })),
  notApplied: z.array(z.object({ promotionId: z.number().nullable(), couponId: z.number().nullable(), name: z.string(), reason: z.string(), message: z.string() })),
  hints: z.array(z.string()),
  gifts: z.array(z.object({ promotionId: z.number(), skuId: z.number(), qty: z.number(), code: z.string(), name: z.string(), unit: z.string() })),
  coupon: z.object({ id: z.number(), name: z.string() }).nullable(),
  couponMissing: z.boolean(),
  coupons: z.array(z.object({ id: z.number(), name: z.string(), validTo: z.date() })),
  /** rebate (fen) and points: balance, what this cart may use at most (cap), what it uses */
  funds: z.object({
    rebate: z.object({ balance: z.number(), cap: z.number(), used: z.number(), maxShareBp: z.number() }),
    points: z.object({ balance: z.number(), capPoints: z.number(), used: z.number(), usedFen: z.number(), valueFen: z.number(), maxShareBp: z.number() }),
  }),
});

/** rebate / points to use: max (as much as allowed), or at most this many (fen of rebate, points); 0 or absent: none. */
export const fundAsk = z.union([z.literal('max'), z.coerce.number().int('a whole number').min(0, 'not negative').max(100_000_000_000, 'too large')]).optional();

/** coupon=auto (default): the best coupon; none; or a coupon id. */
export const couponChoice = z.union([z.literal('auto'), z.literal('none'), id]).optional();

export const previewBody = z.strictObject({
  customerId: id,
  lines: z.array(z.strictObject({ skuId: id, qty: qtyN })).min(1, 'at least one line').max(200, 'at most 200 lines'),
  couponId: id.nullish(),
});

export const couponTemplateBody = z.strictObject({
  name: text(60),
  kind: z.enum(['amount', 'percent']),
  amountOff: fen.min(1, 'more than 0').nullish(),
  discountBp: bp.nullish(),
  maxOff: fen.min(1, 'more than 0').nullish(),
  threshold: fen.optional(),
  scope: scope.optional(),
  validFrom: moment.nullish(),
  validTo: moment.nullish(),
  validDays: z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days').nullish(),
  claimable: z.boolean().optional(),
  totalQty: limit,
  perCustomer: z.number().int().min(1, 'at least 1').max(1000, 'at most 1000').optional(),
  /** points a customer pays to exchange for one (the points catalog); omitted: not exchangeable */
  pointsCost: z.number().int('a whole number').min(1, 'at least 1').max(100_000_000, 'too large').nullish(),
}).refine((b) => (b.kind === 'amount' ? b.amountOff != null : b.discountBp != null), { message: 'amountOff for an amount coupon, discountBp for a percent coupon', path: ['amountOff'] })
  .refine((b) => b.validTo != null || b.validDays != null, { message: 'give validTo or validDays', path: ['validTo'] });
export type CouponTemplateBody = z.infer<typeof couponTemplateBody>;

export const couponTemplateView = z.object({
  id: z.number(), name: z.string(), kind: z.enum(['amount', 'percent']), amountOff: z.number().nullable(), discountBp: z.number().nullable(),
  maxOff: z.number().nullable(), threshold: z.number(), scope: z.unknown(), validFrom: z.date().nullable(), validTo: z.date().nullable(),
  validDays: z.number().nullable(), claimable: z.boolean(), totalQty: z.number().nullable(), issuedQty: z.number(), perCustomer: z.number(),
  status: z.enum(['active', 'stopped']), summary: z.string(), usedQty: z.number(), pointsCost: z.number().nullable(),
});

export const issueBody = z.strictObject({
  companyIds: z.array(id).max(1000, 'at most 1000').optional(),
  tierIds: z.array(id).max(50, 'at most 50').optional(),
  qty: z.number().int().min(1, 'at least 1').max(10, 'at most 10').optional(),
}).refine((b) => (b.companyIds?.length ?? 0) + (b.tierIds?.length ?? 0) > 0, { message: 'name customers or tiers', path: ['companyIds'] });

export const couponView = z.object({
  id: z.number(), templateId: z.number(), name: z.string(), summary: z.string(), status: z.enum(['available', 'used', 'expired']),
  validFrom: z.date(), validTo: z.date(), orderId: z.number().nullable(), usedAt: z.date().nullable(), source: z.enum(['issued', 'claimed']),
});

export const orderDiscountsView = z.object({
  discount: z.number(),
  items: z.array(z.object({
    id: z.number(), kind: z.string(), name: z.string(), amount: z.number(), detail: z.string(), promotionId: z.number().nullable(), couponId: z.number().nullable(),
    giftSkuId: z.number().nullable(), giftQty: z.number().nullable(), giftGiven: z.boolean().nullable(), released: z.boolean(),
  })),
  lines: z.array(z.object({ orderLineId: z.number(), discount: z.number() })),
});

export const rebateRuleBody = z.strictObject({
  name: text(60),
  period: z.enum(['month', 'quarter', 'year']),
  levels: z.array(z.strictObject({
    threshold: fen.min(1, 'a threshold above 0'),
    rateBp: z.number().int('basis points: a whole number').min(1, 'at least 1 (0.01%)').max(5000, 'at most 5000 (50%)'),
  })).min(1, 'at least one level').max(10, 'at most 10 levels'),
  audience: z.strictObject({ tierIds: idList, companyIds: idList }).optional(),
  note: optionalText(500),
});
export type RebateRuleBody = z.infer<typeof rebateRuleBody>;
export const rebateRuleUpdate = rebateRuleBody.extend({ status: z.enum(['active', 'stopped']).optional() });
export const rebateRuleView = z.object({
  id: z.number(), name: z.string(), period: z.enum(['month', 'quarter', 'year']), levels: z.array(z.object({ threshold: z.number(), rateBp: z.number() })),
  audience: z.object({ tierIds: z.array(z.number()).optional(), companyIds: z.array(z.number()).optional(), provinces: z.array(z.string()).optional() }),
  status: z.enum(['active', 'stopped']), note: z.string().nullable(), createdAt: z.date(), summary: z.string(),
});
export const settleBody = z.strictObject({ period: z.string().min(4, 'a period such as 2026Q4').max(10, 'a period such as 2026Q4') });
export const settlementQuery = z.object({ ruleId: id.optional(), period: z.string().max(10).optional(), companyId: id.optional(), status: z.enum(['pending', 'approved', 'void']).optional() });
export const settlementView = z.object({
  id: z.number(), ruleId: z.number(), companyId: z.number(), customerCode: z.string(), customerName: z.string(), period: z.string(),
  periodStart: z.date(), periodEnd: z.date(), sales: z.number(), rateBp: z.number(), amount: z.number(), status: z.enum(['pending', 'approved', 'void']), approvedAt: z.date().nullable(),
});

export const ledgerEntry = z.object({
  id: z.number(), entry: z.string(), amount: z.number(), balanceAfter: z.number(), orderId: z.number().nullable(), year: z.number().nullable(), note: z.string().nullable(), at: z.date(),
});
export const fundAccount = z.object({ balance: z.number(), ledger: z.array(ledgerEntry) });
export const adjustBody = z.strictObject({
  kind: z.enum(['rebate', 'points']),
  amount: z.number().int('a whole number (fen for rebate)').min(-1_000_000_000_000, 'too large').max(1_000_000_000_000, 'too large').refine((x) => x !== 0, 'not 0'),
  note: text(200),
});
export const fundsSettingsBody = z.strictObject({
  rebateMaxShareBp: z.number().int().min(0, 'not negative').max(10_000, 'at most 10000 (100%)'),
  pointsPerYuan: z.number().int().min(0, 'not negative').max(1000, 'at most 1000'),
  pointValueFen: z.number().int().min(1, 'at least 1 fen').max(10_000, 'at most 10000 fen'),
  pointsMaxShareBp: z.number().int().min(0, 'not negative').max(10_000, 'at most 10000 (100%)'),
  pointsExpiryYears: z.number().int().min(0, 'not negative').max(50, 'at most 50'),
});
export const rebateProgress = z.object({
  ruleId: z.number(), name: z.string(), summary: z.string(), period: z.string(), periodEnd: z.date(), sales: z.number(), rateBp: z.number(), estimate: z.number(),
  next: z.object({ short: z.number(), rateBp: z.number() }).nullable(),
});
export const pointsView = fundAccount.extend({
  expiring: z.number(), expiresAt: z.string(), settings: fundsSettingsBody,
  catalog: z.array(couponTemplateView.extend({ pointsCost: z.number(), held: z.number(), canExchange: z.boolean() })),
});
