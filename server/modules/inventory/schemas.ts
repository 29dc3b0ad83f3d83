import { z } from 'zod';
import { id, optionalText, text, timestamp } from '../../lib/schemas';
import { MOVEMENT_TYPES } from './tables';

const province = text(20);
export const warehouseBody = z.strictObject({
  code: text(20).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  name: text(50),
  address: optionalText(200),
  provinces: z.array(province).max(40, 'at most 40 provinces').optional(),
  priority: z.number().int('must be a whole number').min(0).max(1_000_000).optional(),
  active: z.boolean().optional(),
});
export const warehousePatch = warehouseBody.partial().strict();
export const warehouse = z.object({
  id: z.number(), code: z.string(), name: z.string(), address: z.string().nullable(), provinces: z.array(z.string()),
  priority: z.number(), active: z.boolean(), createdAt: timestamp, updatedAt: timestamp,
});
export const warehouseListed = warehouse.extend({ skuCount: z.number(), onHand: z.number() });

const status = z.enum(['out', 'low', 'ok']);
export const stockQuery = z.object({
  warehouseId: id.optional(),
  categoryId: id.optional(),
  status: status.optional(),
  search: z.string().trim().max(100).optional(),
});
export const stockRow = z.object({
  skuId: z.number(), skuCode: z.string(), productName: z.string(), specText: z.string(), unit: z.string().describe('the product\'s base unit (瓶, 箱): the figures count it'), categoryName: z.string().nullable(),
  warehouseId: z.number(), warehouseCode: z.string(), warehouseName: z.string(),
  onHand: z.number(), reserved: z.number(), available: z.number(), safetyStock: z.number(), status, updatedAt: timestamp.nullable(),
});
export const skuCard = z.object({
  sku: z.object({ id: z.number(), code: z.string(), productName: z.string(), specText: z.string(), active: z.boolean(), unit: z.string() }),
  levels: z.array(z.object({
    warehouseId: z.number(), warehouseCode: z.string(), warehouseName: z.string(), active: z.boolean(),
    onHand: z.number(), reserved: z.number(), available: z.number(), safetyStock: z.number(), status,
  })),
  totals: z.object({ onHand: z.number(), reserved: z.number(), available: z.number() }),
});
export const movementQuery = z.object({
  skuId: id.optional(), warehouseId: id.optional(), type: z.enum(MOVEMENT_TYPES).optional(),
  documentType: z.string().max(40).optional(), documentId: id.optional(),
});
export const movement = z.object({
  id: z.number(), at: timestamp, skuId: z.number(), skuCode: z.string(), productName: z.string(), warehouseId: z.number(), warehouseName: z.string(),
  type: z.enum(MOVEMENT_TYPES), qty: z.number(), onHandAfter: z.number(), documentType: z.string().nullable(), documentId: z.number().nullable(),
  documentNo: z.string().nullable(), orderId: z.number().nullable(),
  actor: z.string().nullable(), actorName: z.string().nullable(), actorRole: z.string().nullable(), reason: z.string().nullable(),
});
export const safetyBody = z.strictObject({ safetyStock: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000) });
export const levelParams = z.object({ skuId: id, warehouseId: id });

const signedQty = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(-10_000_000).max(10_000_000).refine((q) => q !== 0, 'must not be 0');
const posQty = z.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be greater than 0').max(10_000_000, 'quantity too large');
export const adjustmentBody = z.strictObject({
  warehouseId: id,
  reason: text(200),
  lines: z.array(z.strictObject({ skuId: id, qty: signedQty })).min(1, 'at least one line').max(500),
});
export const transferBody = z.strictObject({
  fromWarehouseId: id,
  toWarehouseId: id,
  reason: optionalText(200),
  lines: z.array(z.strictObject({ skuId: id, qty: posQty })).min(1, 'at least one line').max(500),
});
export const document = z.object({
  id: z.number(), number: z.string(), type: z.enum(['adjustment', 'transfer']), warehouseId: z.number(), warehouseName: z.string(),
  toWarehouseId: z.number().nullable(), toWarehouseName: z.string().nullable(), reason: z.string().nullable(),
  lines: z.array(z.object({ skuId: z.number(), qty: z.number() })), actorName: z.string().nullable(), createdAt: timestamp,
});
export const documentQuery = z.object({ type: z.enum(['adjustment', 'transfer']).optional(), warehouseId: id.optional() });

const stStatus = z.enum(['counting', 'posted', 'cancelled']);
export const stocktakeBody = z.strictObject({ warehouseId: id, note: optionalText(200), categoryId: id.optional() });
export const stocktakeListed = z.object({
  id: z.number(), number: z.string(), warehouseId: z.number(), warehouseName: z.string(), status: stStatus, note: z.string().nullable(),
  createdAt: timestamp, postedAt: timestamp.nullable(), lines: z.number(), counted: z.number(),
});
export const stocktake = z.object({
  id: z.number(), number: z.string(), warehouseId: z.number(), warehouseName: z.string(), status: stStatus, note: z.string().nullable(),
  createdBy: z.string().nullable(), createdAt: timestamp, postedBy: z.string().nullable(), postedAt: timestamp.nullable(),
  summary: z.object({ lines: z.number(), counted: z.number(), withDifference: z.number(), gain: z.number(), loss: z.number() }),
  lines: z.array(z.object({
    skuId: z.number(), skuCode: z.string(), productName: z.string(), specText: z.string(), snapshotQty: z.number(), onHand: z.number(),
    countedQty: z.number().nullable(), postedDiff: z.number().nullable(), difference: z.number().nullable(),
  })),
});
export const countsBody = z.strictObject({
  lines: z.array(z.strictObject({ skuId: id, countedQty: z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000).nullable() })).min(1).max(5000),
});

const displayMode = z.enum(['exact', 'levels', 'hidden']);
export const settings = z.object({
  customerDisplay: z.object({ mode: displayMode, lowBelow: z.number() }),
  allowSplit: z.boolean(),
});
export const settingsPatch = z.strictObject({
  customerDisplay: z.strictObject({ mode: displayMode, lowBelow: z.number().int().min(0).max(10_000_000) }).partial().strict().optional(),
  allowSplit: z.boolean().optional(),
});
/** "1,2,3" → [1, 2, 3]: up to 100 SKU ids. */
export const skuIdList = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').filter(Boolean) as unknown[])
  .pipe(z.array(id).min(1, 'at least one SKU id').max(100, 'at most 100 SKU ids'));
export const customerStock = z.object({
  skuId: z.number(), mode: displayMode, quantity: z.number().nullable(), level: z.enum(['plenty', 'low', 'out']).nullable(), label: z.string().nullable(),
});
