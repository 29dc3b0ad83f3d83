/** Shapes of the pricing API (server/modules/pricing/schemas.ts). Money is integer fen. */
export type RuleKind = 'customer_price_list' | 'tier_price_list' | 'tier_discount' | 'base_price';

export interface PriceRule {
  kind: RuleKind;
  priceListId?: number;
  name?: string;
  minQty?: number;
  fixedPrice?: number;
  discountBp?: number;
  detail: string;
}
export interface Break {
  minQty: number;
  unitPrice: number;
}
export interface Resolved {
  skuId: number;
  qty: number;
  unitPrice: number;
  basePrice: number;
  retailPrice: number | null;
  rule: PriceRule;
  nextBreak: Break | null;
  moq: number;
  orderMultiple: number;
}
export interface Explain {
  at: string;
  company: { id: number; code: string; name: string; tierId: number | null; tierName: string | null; tierDiscountBp: number | null } | null;
  visible: boolean;
  resolved: Resolved;
  breaks: (Break & { rule: PriceRule })[];
  candidates: { priceListId: number; name: string; kind: 'tier' | 'customer'; minQty: number; fixedPrice: number | null; discountBp: number | null; applies: boolean; chosen: boolean }[];
}
export interface SkuHit {
  skuId: number;
  skuCode: string;
  productId: number;
  productName: string;
  specText: string;
  basePrice: number;
  retailPrice: number | null;
  active: boolean;
  onShelf: boolean;
  restricted: boolean;
  price: { unitPrice: number; ruleKind: RuleKind; detail: string; nextBreak: Break | null } | null;
  visible: boolean | null;
}
export interface PriceList {
  id: number;
  name: string;
  kind: 'tier' | 'customer';
  tierId: number | null;
  tierName: string | null;
  companyId: number | null;
  companyName: string | null;
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
  notes: string | null;
  items: number;
  skus: number;
  updatedAt: string;
}
export interface PriceItem {
  skuId: number;
  skuCode: string;
  productId: number;
  productName: string;
  specText: string;
  basePrice: number;
  retailPrice: number | null;
  minQty: number;
  fixedPrice: number | null;
  discountBp: number | null;
  unitPrice: number;
}
export interface MoqItem {
  skuId: number;
  skuCode: string;
  productName: string;
  moq: number;
  orderMultiple: number;
}
export interface ImportResult {
  dryRun: boolean;
  rows: number;
  skus: number;
  replaced: number;
  errors: { row: number | null; path: string; message: string }[];
}
export interface Visibility {
  productId: number;
  restricted: boolean;
  tierIds: number[];
  regions: { province: string; city: string | null }[];
  companyIds: number[];
}
