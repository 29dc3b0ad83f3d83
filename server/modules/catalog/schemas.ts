import { z } from 'zod';
import { fen, id, optionalText, text } from '../../lib/schemas';

/** zod schemas of the catalog API (request and response). */
const sort = z.number().int().min(-1_000_000).max(1_000_000);

export const categoryBody = z.strictObject({ name: text(30), parentId: id.nullish(), sort: sort.optional() });
export const categoryPatch = categoryBody.partial();
export const category = z.object({
  id: z.number(), parentId: z.number().nullable(), name: z.string(), sort: z.number(),
  /** names from the root down to this category */
  path: z.array(z.string()),
  products: z.number(),
});

/** a brand's other names buyers type: Latin name, old names, common misspellings */
export const brandAliases = z.array(text(50)).max(20, 'at most 20 aliases');
export const brandBody = z.strictObject({ name: text(50), logoUrl: optionalText(500), sort: sort.optional(), aliases: brandAliases.optional() });
export const brandPatch = brandBody.partial();
export const brand = z.object({ id: z.number(), name: z.string(), logoUrl: z.string().nullable(), sort: z.number(), aliases: z.array(z.string()), products: z.number() });

const unitName = text(8);
const code = text(40).regex(/^[A-Za-z0-9][A-Za-z0-9\-_.]*$/, 'letters, digits, - _ . only, starting with a letter or digit');
const barcode = z.string().trim().regex(/^[0-9]{8,14}$/, '8 to 14 digits (EAN/UPC)');
const count = (max: number) => z.number({ error: 'a whole number' }).int('a whole number').min(1, 'at least 1').max(max, `at most ${max}`);

export const unitBody = z.strictObject({ unit: unitName, factor: count(100_000) });
export const skuBody = z.strictObject({
  /** present: update that SKU of the product; absent: create a new one */
  id: id.optional(),
  code,
  barcode: z.union([barcode, z.literal('').transform(() => null), z.null()]).optional(),
  specs: z.record(text(20), text(40)).refine((o) => Object.keys(o).length <= 5, 'at most 5 spec names').optional(),
  basePrice: fen,
  retailPrice: fen.nullish(),
  weightGrams: z.number().int().min(0).max(1_000_000).nullish(),
  moq: count(1_000_000).optional(),
  orderMultiple: count(100_000).optional(),
  active: z.boolean().optional(),
  units: z.array(unitBody).max(5, 'at most 5 selling units').optional(),
});
const param = z.strictObject({ name: text(30), value: text(200) });

export const productBody = z.strictObject({
  name: text(100),
  subtitle: optionalText(200),
  categoryId: id.nullish(),
  brandId: id.nullish(),
  descriptionHtml: z.string().max(100_000, 'at most 100000 characters').optional(),
  params: z.array(param).max(50, 'at most 50 parameters').optional(),
  tags: z.array(text(20)).max(20, 'at most 20 tags').optional(),
  baseUnit: text(8).optional(),
  onShelf: z.boolean().optional(),
  isNew: z.boolean().optional(),
  skus: z.array(skuBody).min(1, 'at least one SKU').max(200, 'at most 200 SKUs'),
});
export const productPatch = productBody.partial().extend({
  /** image ids in display order (a subset of the product's images; left-out ones are removed) */
  images: z.array(z.string().regex(/^[0-9a-f]{32}$/, 'an image id')).max(20).optional(),
});

export const image = z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), width: z.number(), height: z.number() });
export const unit = z.object({ unit: z.string(), factor: z.number() });
export const sku = z.object({
  id: z.number(), code: z.string(), barcode: z.string().nullable(), specs: z.record(z.string(), z.string()), specText: z.string(),
  basePrice: z.number(), retailPrice: z.number().nullable(), weightGrams: z.number().nullable(), moq: z.number(), orderMultiple: z.number(),
  active: z.boolean(), units: z.array(unit),
});
export const product = z.object({
  id: z.number(), name: z.string(), subtitle: z.string().nullable(), categoryId: z.number().nullable(), categoryPath: z.array(z.string()),
  brandId: z.number().nullable(), brandName: z.string().nullable(), descriptionHtml: z.string(), images: z.array(image),
  params: z.array(z.object({ name: z.string(), value: z.string() })), tags: z.array(z.string()), baseUnit: z.string(),
  onShelf: z.boolean(), isNew: z.boolean(), createdAt: z.string(), updatedAt: z.string(), skus: z.array(sku),
});

/**
 * A SKU as a customer sees it: its own price and stock, no base price. Stock follows the
 * supplier's display setting: `available` only under exact (staff always), `stock` null when hidden.
 */
export const portalSku = sku.omit({ basePrice: true, active: true }).extend({
  price: z.number(), available: z.number().nullable(), stock: z.enum(['plenty', 'low', 'out']).nullable(),
  /** orderable beyond stock (backorder) or before it arrives (pre-order, with the expected date); null for ordinary SKUs */
  presale: z.object({ mode: z.enum(['backorder', 'preorder']), expectedDate: z.string().nullable() }).nullable().optional(),
});
export const portalProduct = product.omit({ skus: true, onShelf: true }).extend({ skus: z.array(portalSku) });

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : String(v).split(','))), z.array(item).max(50).optional());
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional();

/** the largest page size search accepts (search.ts caches matches down to the deepest such page) */
export const MAX_PAGE_SIZE = 60;

export const searchQuery = z.object({
  q: z.string().max(100, 'at most 100 characters').optional(),
  categoryId: id.optional(),
  brandId: csv(id),
  tag: csv(text(20)),
  priceMin: z.coerce.number().pipe(fen).optional(),
  priceMax: z.coerce.number().pipe(fen).optional(),
  inStock: flag,
  isNew: flag,
  sort: z.enum(['relevance', 'sales', 'price_asc', 'price_desc', 'newest']).default('relevance'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`).default(20),
  facets: flag,
  /** staff ordering for a customer: show that customer's prices and visibility */
  companyId: id.optional(),
});
export const staffProductQuery = searchQuery.omit({ companyId: true }).extend({ onShelf: flag });

export const searchHit = z.object({
  id: z.number(), name: z.string(), subtitle: z.string().nullable(), brandId: z.number().nullable(), brandName: z.string().nullable(),
  categoryId: z.number().nullable(), image: image.nullable(), tags: z.array(z.string()), isNew: z.boolean(), onShelf: z.boolean(),
  baseUnit: z.string(), minPrice: z.number().nullable(), maxPrice: z.number().nullable(), skuCount: z.number(), inStock: z.boolean(),
  /** the product's stock as the caller may see it (the supplier's display setting for customers): qty only when shown exactly, level null when hidden */
  stock: z.object({ level: z.enum(['plenty', 'low', 'out']).nullable(), qty: z.number().nullable() }),
  sales30d: z.number(), createdAt: z.string(),
});
const facet = z.object({ id: z.number(), name: z.string(), count: z.number() });
export const searchResult = z.object({
  items: z.array(searchHit), total: z.number(), page: z.number(), pageSize: z.number(),
  /** true when nothing matched exactly and these are near matches (typo tolerance) */
  fuzzy: z.boolean(),
  facets: z.object({ brands: z.array(facet), categories: z.array(facet) }).nullable(),
  /** when nothing was found: words the buyer may have meant and the nearest categories */
  help: z.object({ didYouMean: z.array(z.string()), categories: z.array(z.object({ id: z.number(), name: z.string() })) }).nullable(),
});
export const suggestion = z.object({ type: z.enum(['product', 'brand', 'category']), id: z.number(), text: z.string() });

export const bulkShelfBody = z.strictObject({ ids: z.array(id).min(1).max(1000), onShelf: z.boolean() });

/** A synonym group: words buyers use for the same thing (applied at query time). */
export const synonymBody = z.strictObject({ words: z.array(text(30)).min(2, 'at least two words').max(20, 'at most 20 words'), note: optionalText(100) });
export const synonymPatch = synonymBody.partial();
export const synonymGroup = z.object({ id: z.number(), words: z.array(z.string()), note: z.string().nullable(), updatedAt: z.string() });
/** A group of the built-in set; the supplier can switch it off. */
export const builtInSynonym = z.object({ key: z.string(), words: z.array(z.string()), enabled: z.boolean() });
export const builtInSynonymParams = z.object({ key: z.string().regex(/^[a-z_]{1,40}-[0-9a-f]{10}$/, 'a built-in group key such as grocery-1a2b3c4d5e') });
export const builtInSynonymBody = z.strictObject({ enabled: z.boolean() });
export const synonymList = z.object({
  own: z.array(synonymGroup),
  /** the built-in starting set by trade (read-only; applied next to the supplier's groups) */
  builtIn: z.array(z.object({ trade: z.string(), tradeName: z.string(), tradeNameEn: z.string(), groups: z.array(builtInSynonym) })),
});
export const synonymImportResult = z.object({ rows: z.number(), added: z.number(), skipped: z.number() });
export const missQuery = z.object({
  days: z.coerce.number().int().min(1, 'at least 1').max(365, 'at most 365').default(30),
  companyId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500, 'at most 500').default(100),
});
export const searchMiss = z.object({ query: z.string(), times: z.number(), companies: z.number(), lastAt: z.string() });
