import type { Response } from '../lib/client';

/** Shapes of the pricing API, from its schemas (generated: lib/api-schema.ts). Money is integer fen. */
export type Explain = Response<'/api/pricing/explain'>;
export type Resolved = Explain['resolved'];
export type PriceRule = Resolved['rule'];
export type RuleKind = PriceRule['kind'];
export type Break = NonNullable<Resolved['nextBreak']>;
export type SkuHit = Response<'/api/pricing/skus'>['items'][number];
export type PriceList = Response<'/api/price-lists/{id}'>;
export type PriceItem = Response<'/api/price-lists/{id}/items'>['items'][number];
export type MoqItem = Response<'/api/price-lists/{id}/moq'>[number];
export type ImportResult = Response<'/api/price-lists/{id}/import', 'post'>;
export type Visibility = Response<'/api/products/{id}/visibility'>;
