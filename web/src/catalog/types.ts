import type { Query, Response } from '../lib/client';

/** Shapes of the catalog API, from its schemas (generated: lib/api-schema.ts). Money in fen. */
export type Category = Response<'/api/catalog/categories'>[number];
export type Brand = Response<'/api/catalog/brands'>[number];
export type SearchResult = Response<'/api/catalog/search'>;
/** A product in a list; its stock as the supplier's display setting allows (qty only when shown exactly, level null when hidden). */
export type Hit = SearchResult['items'][number];
export type Image = NonNullable<Hit['image']>;
export type Facet = NonNullable<SearchResult['facets']>['brands'][number];
export type Suggestion = Response<'/api/catalog/suggest'>[number];
/** The staff view of a product: base prices, every SKU. */
export type Product = Response<'/api/products/{id}'>;
export type Sku = Product['skus'][number];
export type Unit = Sku['units'][number];
/** The buyer's view: the buyer's own price, and stock as shown to customers. */
export type PortalProduct = Response<'/api/catalog/products/{id}'>;
export type PortalSku = PortalProduct['skus'][number];
export type SortKey = NonNullable<Query<'/api/catalog/search'>['sort']>;
