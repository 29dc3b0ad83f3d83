import { z } from 'zod';
import { fen, id, optionalText, text, timestamp } from '../../lib/schemas';
import { discountBp } from '../customers/schemas';

const when = z.coerce.date({ error: 'a date-time, e.g. 2026-12-01T00:00:00+08:00' });

export const priceListBody = z
  .strictObject({
    name: text(100),
    kind: z.enum(['tier', 'customer']),
    tierId: id.nullish(),
    companyId: id.nullish(),
    validFrom: when.nullish(),
    validTo: when.nullish(),
    active: z.boolean().optional(),
    notes: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'tier' && v.tierId == null) ctx.addIssue({ code: 'custom', path: ['tierId'], message: 'required for a tier price list' });
    if (v.kind === 'tier' && v.companyId != null) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'a tier price list has no customer' });
    if (v.kind === 'customer' && v.companyId == null) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'required for a customer price list' });
    if (v.kind === 'customer' && v.tierId != null) ctx.addIssue({ code: 'custom', path: ['tierId'], message: 'a customer price list has no tier' });
    if (v.validFrom && v.validTo && v.validFrom >= v.validTo) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must be after validFrom' });
  });
export const priceListPatch = z.strictObject({
  name: text(100).optional(),
  validFrom: when.nullish(),
  validTo: when.nullish(),
  active: z.boolean().optional(),
  notes: optionalText(1000),
});

export const priceList = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['tier', 'customer']),
  tierId: z.number().nullable(),
  tierName: z.string().nullable(),
  companyId: z.number().nullable(),
  companyName: z.string().nullable(),
  validFrom: timestamp.nullable(),
  validTo: timestamp.nullable(),
  active: z.boolean(),
  notes: z.string().nullable(),
  items: z.number(),
  skus: z.number(),
  updatedAt: timestamp,
});

export const listQuery = z.object({
  kind: z.enum(['tier', 'customer']).optional(),
  tierId: id.optional(),
  companyId: id.optional(),
  q: z.string().trim().max(100).optional(),
});

export const minQty = z
  .number({ error: 'a whole number ≥ 1' })
  .int('a whole number ≥ 1')
  .min(1, 'a quantity break starts at 1 or more')
  .max(10_000_000, 'quantity too large');

export const itemInput = z
  .strictObject({ skuId: id, minQty, fixedPrice: fen.nullish(), discountBp: discountBp.nullish() })
  .refine((v) => (v.fixedPrice == null) !== (v.discountBp == null), { message: 'give either fixedPrice (fen) or discountBp, not both', path: ['fixedPrice'] });

export const putItemsBody = z.strictObject({
  /** Every break of each SKU named here replaces that SKU's current breaks in the list. */
  items: z.array(itemInput).min(1).max(5000, 'at most 5000 rows per request'),
});
export const deleteItemsBody = z.strictObject({ skuIds: z.array(id).min(1).max(5000) });
export const bulkPercentBody = z.strictObject({ skuIds: z.array(id).min(1).max(5000), discountBp });

export const item = z.object({
  skuId: z.number(),
  skuCode: z.string(),
  productId: z.number(),
  productName: z.string(),
  specText: z.string(),
  basePrice: z.number(),
  retailPrice: z.number().nullable(),
  minQty: z.number(),
  fixedPrice: z.number().nullable(),
  discountBp: z.number().nullable(),
  unitPrice: z.number(),
});
export const itemQuery = z.object({ q: z.string().trim().max(100).optional() });

export const moqBody = z.strictObject({
  items: z
    .array(z.strictObject({ skuId: id, moq: z.number().int().min(1).max(1_000_000), orderMultiple: z.number().int().min(1).max(1_000_000).default(1) }))
    .max(5000),
});
export const moqItem = z.object({ skuId: z.number(), skuCode: z.string(), productName: z.string(), moq: z.number(), orderMultiple: z.number() });

export const rowError = z.object({ row: z.number().nullable(), path: z.string(), message: z.string() });
export const importResult = z.object({ dryRun: z.boolean(), rows: z.number(), skus: z.number(), replaced: z.number(), errors: z.array(rowError) });

export const resolved = z.object({
  skuId: z.number(),
  qty: z.number(),
  unitPrice: z.number(),
  basePrice: z.number(),
  retailPrice: z.number().nullable(),
  rule: z.object({
    kind: z.enum(['customer_price_list', 'tier_price_list', 'tier_discount', 'base_price']),
    priceListId: z.number().optional(),
    name: z.string().optional(),
    minQty: z.number().optional(),
    fixedPrice: z.number().optional(),
    discountBp: z.number().optional(),
    detail: z.string(),
  }),
  nextBreak: z.object({ minQty: z.number(), unitPrice: z.number() }).nullable(),
  moq: z.number(),
  orderMultiple: z.number(),
});
export const breakRow = z.object({ minQty: z.number(), unitPrice: z.number() });

export const explainQuery = z.object({
  companyId: id.optional(),
  skuId: id,
  qty: z.coerce.number().int().min(1).max(10_000_000).default(1),
  at: when.optional(),
});

export const pricesBody = z.strictObject({ items: z.array(z.strictObject({ skuId: id, qty: z.number().int().min(1).max(10_000_000).default(1) })).min(1).max(500) });

export const visibilityBody = z.strictObject({
  tierIds: z.array(id).max(100).default([]),
  regions: z.array(z.strictObject({ province: text(30), city: optionalText(30) })).max(200).default([]),
  companyIds: z.array(id).max(5000).default([]),
});
export const visibility = z.object({
  productId: z.number(),
  restricted: z.boolean(),
  tierIds: z.array(z.number()),
  regions: z.array(z.object({ province: z.string(), city: z.string().nullable() })),
  companyIds: z.array(z.number()),
});

export const skuSearchQuery = z.object({ q: z.string().trim().max(100).optional(), companyId: id.optional() });
export const skuHit = z.object({
  skuId: z.number(),
  skuCode: z.string(),
  productId: z.number(),
  productName: z.string(),
  specText: z.string(),
  basePrice: z.number(),
  retailPrice: z.number().nullable(),
  active: z.boolean(),
  onShelf: z.boolean(),
  restricted: z.boolean(),
  /** The customer's price at qty 1 when companyId was given. */
  price: z.object({ unitPrice: z.number(), ruleKind: resolved.shape.rule.shape.kind, detail: z.string(), nextBreak: breakRow.nullable() }).nullable(),
  visible: z.boolean().nullable(),
});
export const restrictedProduct = z.object({ productId: z.number(), productName: z.string(), tiers: z.number(), regions: z.number(), companies: z.number() });
