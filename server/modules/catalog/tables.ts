import type { Generated } from 'kysely';

declare module '../../lib/db-types' {
  interface DB {
    categories: { id: Generated<number>; parent_id: number | null; name: string; sort: Generated<number>; created_at: Generated<Date> };
    brands: { id: Generated<number>; name: string; logo_url: string | null; sort: Generated<number>; created_at: Generated<Date>; aliases: Generated<string[]> };
    search_vocabulary: { id: Generated<number>; word: string; pinyin: string };
    search_synonyms: { id: Generated<number>; words: string[]; note: string | null; created_at: Generated<Date>; updated_at: Generated<Date> };
    search_synonyms_off: { group_key: string; words: string[]; created_at: Generated<Date> };
    search_misses: { company_id: number; query: string; times: Generated<number>; first_at: Generated<Date>; last_at: Generated<Date> };
    products: {
      id: Generated<number>;
      /** 商品编码: the import / ERP key of the product (optional, unique) */
      code: Generated<string | null>;
      name: string;
      subtitle: string | null;
      category_id: number | null;
      brand_id: number | null;
      description_html: Generated<string>;
      images: Generated<unknown>;
      params: Generated<unknown>;
      tags: Generated<string[]>;
      base_unit: Generated<string>;
      on_shelf: Generated<boolean>;
      is_new: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
      /** Search document (see search-text.ts); written by the catalog service only. */
      search_tsv: Generated<string>;
      search_ascii: Generated<string>;
      search_doc_version: Generated<number>;
      /** Kept by triggers on skus and product_visibility (migration 202612072200): read by search. */
      has_active_sku: Generated<boolean>;
      visibility_limited: Generated<boolean>;
    };
    skus: {
      id: Generated<number>;
      product_id: number;
      code: string;
      barcode: string | null;
      specs: Generated<unknown>;
      spec_text: Generated<string>;
      base_price: number;
      retail_price: number | null;
      weight_grams: number | null;
      moq: Generated<number>;
      order_multiple: Generated<number>;
      active: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    sku_units: { sku_id: number; unit: string; factor: number };
    /** What search reads per match (migration 202612072330): a copy of products' columns kept by a trigger on products; never written directly. */
    product_search: {
      product_id: number; created_at: Date; category_id: number | null; brand_id: number | null; name_length: number;
      on_shelf: boolean; is_new: boolean; has_active_sku: boolean; visibility_limited: boolean; tags: string[]; search_ascii: string; search_tsv: string;
    };
  }
}
export {};
