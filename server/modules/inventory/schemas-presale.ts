import { z } from 'zod';
import { id, optionalText, timestamp } from '../../lib/schemas';
import { PRESALE_MODES } from './tables';

/** A real calendar date YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

export const presaleMode = z.enum(PRESALE_MODES);
/** What a buyer is told about a SKU that may be ordered beyond or before stock. */
export const presaleView = z.object({ mode: presaleMode, expectedDate: z.string().nullable() });

export const skuParams = z.object({ skuId: id });
export const presaleBody = z.strictObject({
  mode: presaleMode,
  expectedDate: isoDate.nullish(),
  maxWaiting: z.number().int('must be a whole number').min(1).max(10_000_000).nullish(),
  note: optionalText(200),
});
export const presale = z.object({
  skuId: z.number(), code: z.string(), name: z.string(), specText: z.string(), baseUnit: z.string(), mode: presaleMode, expectedDate: z.string().nullable(),
  maxWaiting: z.number().nullable(), note: z.string().nullable(), updatedAt: timestamp,
  /** base units waiting for this SKU now, and on how many order lines */
  waitingQty: z.number(), waitingLines: z.number(),
});
export const presaleQuery = z.object({ mode: presaleMode.optional() });

export const waitStatus = z.enum(['waiting', 'allocated', 'cancelled']);
export const waitQuery = z.object({ skuId: id.optional(), status: waitStatus.optional() });
export const wait = z.object({
  id: z.number(), orderId: z.number(), orderLineId: z.number(), companyId: z.number(), companyName: z.string(), skuId: z.number(), code: z.string(), name: z.string(),
  baseUnit: z.string(), mode: presaleMode, expectedDate: z.string().nullable(), priority: z.number(), qty: z.number(), allocatedQty: z.number(), status: waitStatus,
  createdAt: timestamp, allocatedAt: timestamp.nullable(),
  /** the order's number and status: staff open it, and change its lines while it is not yet approved */
  orderNumber: z.string(), orderStatus: z.string(),
});
export const waitPatch = z.strictObject({ priority: z.number().int('must be a whole number').min(-1000).max(1000) });
export const backorderSettings = z.object({ shipping: z.enum(['partial', 'complete']) });
