import { z } from 'zod';
import { id } from '../../lib/schemas';
import { addResult } from '../cart/schemas';

const state = z.enum(['upcoming', 'due', 'overdue', 'lapsed']);
const isoDate = z.string();

export const dueItem = z.object({
  skuId: z.number(), productId: z.number(), code: z.string(), name: z.string(), specText: z.string(), image: z.string().nullable(), baseUnit: z.string(),
  unit: z.string(), unitFactor: z.number(), qty: z.number().describe('suggested quantity in base units'), unitQty: z.number().describe('the same in `unit`'),
  qtyText: z.string().describe('as the buyer reads it, e.g. 2 箱（48 瓶）'), unitPrice: z.number().describe('fen per base unit, the customer\'s own price'), lineTotal: z.number(),
  lastOrderOn: isoDate, nextOrderOn: isoDate, daysLate: z.number().describe('days past the predicted day (negative: days to go)'),
  intervalDays: z.number(), orders: z.number(), confidence: z.number(), state,
});
export const dueList = z.object({ leadDays: z.number(), items: z.array(dueItem) });

export const toCartBody = z.strictObject({
  /** only these SKUs of the due list (default: all of it) */
  skuIds: z.array(id).min(1, 'choose at least one product').max(200, 'at most 200 products at a time').optional(),
});
export const toCartResult = addResult.extend({ alreadyInCart: z.number() });

export const callQuery = z.object({
  repId: id.optional(),
  state: z.enum(['overdue', 'lapsed']).optional(),
});
export const callItem = z.object({
  companyId: z.number(), companyCode: z.string(), companyName: z.string(), contactName: z.string().nullable(), contactPhone: z.string().nullable(),
  skuId: z.number(), code: z.string(), name: z.string(), specText: z.string(), qtyText: z.string(),
  lastOrderOn: isoDate, nextOrderOn: isoDate, daysLate: z.number(), intervalDays: z.number(), orders: z.number(), confidence: z.number(), state,
});

export const relatedItem = z.object({
  skuId: z.number(), productId: z.number(), code: z.string(), name: z.string(), specText: z.string(), image: z.string().nullable(), baseUnit: z.string(), unitPrice: z.number(),
});
export const related = z.object({ together: z.array(relatedItem), likeYou: z.array(relatedItem) });

export const settings = z.strictObject({
  leadDays: z.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').min(0, 'must not be negative').max(30, 'at most 30 days'),
  reminderDays: z.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').min(0, 'must not be negative').max(30, 'at most 30 days').nullable(),
});
