export const zh = {
  pricing: {
    explain: '价格说明', qty: '数量', at: '时间', now: '现在', unitPrice: '成交单价', base: '基础价', retail: '建议零售价', ruleLabel: '价格来源',
    rule: { customer_price_list: '客户专属价', tier_price_list: '等级价目表', tier_discount: '等级折扣', base_price: '基础价' },
    nextBreak: '下一档阶梯', nextBreakText: '买满 {{qty}} 件每件 {{price}}', noNextBreak: '已是最优档', moq: '起订量', moqText: '起订 {{moq}}，按 {{multiple}} 的倍数',
    breaks: '阶梯价', minQty: '起订数量', candidates: '参与比较的价目表条目', noCandidates: '没有适用的价目表条目', list: '价目表', price: '价格',
    kind: { tier: '等级', customer: '客户' }, chosen: '采用', applies: '满足', notReached: '未达数量', noTier: '无等级',
    hiddenForCustomer: '该商品对此客户不可见，客户无法搜索或订购。', skuSearch: 'SKU 编码 / 商品名称 / 条码', product: '商品', customerPrice: '客户价',
    visible: '可见性', hidden: '不可见', shown: '可见',
  },
};
export const en: typeof zh = {
  pricing: {
    explain: 'Explain', qty: 'Qty', at: 'At', now: 'Now', unitPrice: 'Unit price', base: 'Base', retail: 'Suggested retail', ruleLabel: 'Rule',
    rule: { customer_price_list: 'Customer price', tier_price_list: 'Tier price list', tier_discount: 'Tier discount', base_price: 'Base price' },
    nextBreak: 'Next break', nextBreakText: '{{price}} each from {{qty}}', noNextBreak: 'Best break already', moq: 'MOQ', moqText: 'min {{moq}}, multiples of {{multiple}}',
    breaks: 'Quantity breaks', minQty: 'Min qty', candidates: 'Price-list entries considered', noCandidates: 'No price-list entry applies', list: 'Price list', price: 'Price',
    kind: { tier: 'Tier', customer: 'Customer' }, chosen: 'Used', applies: 'Applies', notReached: 'Qty not reached', noTier: 'no tier',
    hiddenForCustomer: 'This product is hidden from this customer: they cannot find or order it.', skuSearch: 'SKU code / product / barcode', product: 'Product', customerPrice: 'Customer price',
    visible: 'Visibility', hidden: 'Hidden', shown: 'Visible',
  },
};
