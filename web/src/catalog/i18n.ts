export const zh = {
  catalog: {
    tab: '商品', categories: '商品分类', all: '全部商品', searchPlaceholder: '搜索商品名称、拼音首字母、编码或条码',
    results: '共 {{total}} 件商品', fuzzy: '没有完全匹配“{{q}}”的商品，以下是相近的结果', empty: '没有找到商品', filters: '筛选',
    brand: '品牌', price: '价格（元）', min: '最低', max: '最高', inStock: '只看有货', isNew: '新品', apply: '确定', reset: '重置',
    sort: { relevance: '综合', sales: '销量', price_asc: '价格从低到高', price_desc: '价格从高到低', newest: '最新' },
    from: '起', skus: '{{n}} 个规格', outOfStock: '缺货', new: '新品',
    stock: { in_stock: '有货', low: '库存紧张', out: '缺货' }, available: '可用 {{n}} {{unit}}',
    spec: '规格', units: '销售单位', unitFactor: '1{{unit}} = {{factor}}{{base}}', moq: '起订量', multiple: '订购倍数',
    breaks: '阶梯价', breakFrom: '满 {{qty}} {{unit}}', unitPrice: '单价', retail: '建议零售价', params: '商品参数', description: '商品详情',
    code: '商品编码', barcode: '条码', perUnit: '/{{unit}}', notFound: '商品不存在或已下架', back: '返回', loadMore: '加载更多',
    suggestBrand: '品牌', suggestCategory: '分类', category: '分类',
  },
};
export const en: typeof zh = {
  catalog: {
    tab: 'Products', categories: 'Categories', all: 'All products', searchPlaceholder: 'Search name, pinyin initials, SKU code or barcode',
    results: '{{total}} products', fuzzy: 'Nothing matches "{{q}}" exactly; these are close', empty: 'No products found', filters: 'Filters',
    brand: 'Brand', price: 'Price (¥)', min: 'Min', max: 'Max', inStock: 'In stock only', isNew: 'New', apply: 'Apply', reset: 'Reset',
    sort: { relevance: 'Best match', sales: 'Best selling', price_asc: 'Price: low to high', price_desc: 'Price: high to low', newest: 'Newest' },
    from: 'from', skus: '{{n}} options', outOfStock: 'Out of stock', new: 'New',
    stock: { in_stock: 'In stock', low: 'Low stock', out: 'Out of stock' }, available: '{{n}} {{unit}} available',
    spec: 'Option', units: 'Selling units', unitFactor: '1 {{unit}} = {{factor}} {{base}}', moq: 'Minimum order', multiple: 'Order multiple',
    breaks: 'Quantity prices', breakFrom: '{{qty}}+ {{unit}}', unitPrice: 'Unit price', retail: 'Suggested retail', params: 'Specifications', description: 'Details',
    code: 'SKU code', barcode: 'Barcode', perUnit: '/{{unit}}', notFound: 'This product does not exist or is no longer sold', back: 'Back', loadMore: 'Load more',
    suggestBrand: 'Brand', suggestCategory: 'Category', category: 'Category',
  },
};
