/**
 * The product spreadsheet layout (one row per SKU): what the product export writes and the
 * products import template (imports module) reads — one layout, so export → import changes nothing.
 */
export const PRODUCT_COLUMNS = [
  { key: 'productCode', zh: '商品编码', en: 'Product code', width: 16 },
  { key: 'name', zh: '商品名称', en: 'Product', width: 28 },
  { key: 'subtitle', zh: '副标题', en: 'Subtitle', width: 20 },
  { key: 'category', zh: '分类', en: 'Category', width: 18 },
  { key: 'brand', zh: '品牌', en: 'Brand', width: 12 },
  { key: 'baseUnit', zh: '基本单位', en: 'Base unit', width: 9 },
  { key: 'tags', zh: '标签', en: 'Tags', width: 14 },
  { key: 'onShelf', zh: '上架', en: 'On shelf', width: 7 },
  { key: 'isNew', zh: '新品', en: 'New', width: 7 },
  { key: 'code', zh: 'SKU编码', en: 'SKU code', width: 16 },
  { key: 'barcode', zh: '条码', en: 'Barcode', width: 15 },
  { key: 'spec', zh: '规格', en: 'Spec', width: 18 },
  { key: 'basePrice', zh: '基础价(元)', en: 'Base price', width: 11 },
  { key: 'retailPrice', zh: '建议零售价(元)', en: 'Retail price', width: 13 },
  { key: 'weight', zh: '重量(克)', en: 'Weight g', width: 9 },
  { key: 'moq', zh: '起订量', en: 'MOQ', width: 8 },
  { key: 'multiple', zh: '订购倍数', en: 'Order multiple', width: 9 },
  { key: 'units', zh: '辅助单位', en: 'Selling units', width: 16 },
] as const;
export type ProductColumnKey = (typeof PRODUCT_COLUMNS)[number]['key'];

/** "500ml×24" → { 规格: "500ml×24" }; "规格:500ml×24; 口味:原味" → both; null when malformed. */
export function parseSpecs(s: string): Record<string, string> | null {
  const text = s.trim();
  if (!text) return {};
  if (!/[:：]/.test(text)) return text.length <= 40 ? { 规格: text } : null;
  const out: Record<string, string> = {};
  for (const part of text.split(/[;；]/).map((x) => x.trim()).filter(Boolean)) {
    const m = /^([^:：]{1,20})[:：]\s*(.{1,40})$/.exec(part);
    if (!m) return null;
    out[m[1]!.trim()] = m[2]!.trim();
  }
  return Object.keys(out).length <= 5 ? out : null;
}

export function formatSpecs(specs: Record<string, string>): string {
  const entries = Object.entries(specs);
  if (entries.length === 1 && entries[0]![0] === '规格') return entries[0]![1];
  return entries.map(([k, v]) => `${k}:${v}`).join('; ');
}
