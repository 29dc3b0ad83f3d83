/** Shapes of the catalog API as the web app uses them (money in fen). */
export interface Category { id: number; parentId: number | null; name: string; sort: number; path: string[]; products: number }
export interface Brand { id: number; name: string; logoUrl: string | null; sort: number; products: number; aliases?: string[] }
export interface Image { id: string; url: string; thumbUrl: string; width: number; height: number }
export interface Unit { unit: string; factor: number }
export interface Hit {
  id: number; name: string; subtitle: string | null; brandId: number | null; brandName: string | null; categoryId: number | null;
  image: Image | null; tags: string[]; isNew: boolean; onShelf: boolean; baseUnit: string; minPrice: number | null; maxPrice: number | null;
  skuCount: number; inStock: boolean; sales30d: number; createdAt: string;
  /** as the supplier's display setting allows: qty only when shown exactly, level null when hidden */
  stock: { level: 'plenty' | 'low' | 'out' | null; qty: number | null };
}
export interface Facet { id: number; name: string; count: number }
export interface SearchResult {
  items: Hit[]; total: number; page: number; pageSize: number; fuzzy: boolean; facets: { brands: Facet[]; categories: Facet[] } | null;
  /** when nothing was found: words the buyer may have meant, nearest categories */
  help?: { didYouMean: string[]; categories: { id: number; name: string }[] } | null;
}
export interface Suggestion { type: 'product' | 'brand' | 'category'; id: number; text: string }
export interface Sku {
  id: number; code: string; barcode: string | null; specs: Record<string, string>; specText: string; basePrice: number; retailPrice: number | null;
  weightGrams: number | null; moq: number; orderMultiple: number; active: boolean; units: Unit[];
}
export interface Product {
  id: number; name: string; subtitle: string | null; categoryId: number | null; categoryPath: string[]; brandId: number | null; brandName: string | null;
  descriptionHtml: string; images: Image[]; params: { name: string; value: string }[]; tags: string[]; baseUnit: string; onShelf: boolean;
  isNew: boolean; createdAt: string; updatedAt: string; skus: Sku[];
}
export interface PortalSku extends Omit<Sku, 'basePrice' | 'active'> {
  price: number;
  /** only when the supplier shows exact stock (or for staff) */
  available: number | null;
  /** null when the supplier hides stock */
  stock: 'plenty' | 'low' | 'out' | null;
}
export interface PortalProduct extends Omit<Product, 'skus' | 'onShelf'> { skus: PortalSku[] }
export type SortKey = 'relevance' | 'sales' | 'price_asc' | 'price_desc' | 'newest';
