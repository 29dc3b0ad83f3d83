export const zh = {
  quotes: {
    menu: '询价报价', meLink: '我的询价', new: '新建询价', none: '暂无询价单', number: '询价单号', title: '标题', titleRequired: '请填写标题，例如“年会用水 500 箱”',
    customer: '客户', statusLabel: '状态', created: '创建时间', total: '报价合计', lines: '询价商品', sku: '商品', qty: '数量', unit: '单位', lineTotal: '小计',
    listPrice: '目录价', target: '期望价', targetHint: '期望单价（元/{{unit}}）', offer: '报价', noOffer: '待报价', perUnit: '元/{{unit}}', lineCount: '{{n}} 个商品',
    addProduct: '添加商品', searchHint: '输入商品编码或名称', remove: '删除', askHint: '说明用途、交期等，便于业务员报价', submit: '提交询价',
    thread: '沟通记录', message: '留言', messageHint: '输入留言', send: '发送', validUntil: '有效期至', terms: '报价条款', order: '订单', viewOrder: '查看订单',
    accept: '接受报价并下单', acceptTitle: '按报价下单（合计 {{total}}）', acceptHint: '订单将按本报价单的价格生成，仅对这一单有效。', address: '收货地址', payment: '付款方式', note: '订单备注',
    placeOrder: '确认下单', ordered: '已生成订单 {{number}}', counter: '还价', sendCounter: '提交还价', withdraw: '撤回询价', decline: '拒绝询价',
    makeOffer: '报价', reviseOffer: '修改报价', answerCounter: '回复还价', sendOffer: '发送报价', priceRequired: '请填写单价',
    expiredHint: '报价已过期，不能再下单，请留言请业务员重新报价。',
    status: { requested: '待报价', offered: '已报价', countered: '已还价', ordered: '已下单', declined: '已拒绝', withdrawn: '已撤回', expired: '已过期' },
    kind: { request: '询价', offer: '报价', counter: '还价', message: '留言', accept: '接受并下单', decline: '拒绝', withdraw: '撤回' },
    method: { online: '在线支付', transfer: '银行转账', balance: '预存款', credit: '账期', cod: '货到付款' },
  },
};

export const en: typeof zh = {
  quotes: {
    menu: 'Quotes', meLink: 'My quotes', new: 'Ask for a quote', none: 'No quotes yet', number: 'Quote no.', title: 'Title', titleRequired: 'Give a title, e.g. "500 cases of water for the annual party"',
    customer: 'Customer', statusLabel: 'Status', created: 'Created', total: 'Offer total', lines: 'Products', sku: 'Product', qty: 'Quantity', unit: 'Unit', lineTotal: 'Subtotal',
    listPrice: 'List price', target: 'Wished price', targetHint: 'Wished price (¥ per {{unit}})', offer: 'Offer', noOffer: 'Awaiting offer', perUnit: '¥ per {{unit}}', lineCount: '{{n}} product(s)',
    addProduct: 'Add a product', searchHint: 'Type a product code or name', remove: 'Remove', askHint: 'Say what it is for and when you need it', submit: 'Send the request',
    thread: 'Conversation', message: 'Message', messageHint: 'Type a message', send: 'Send', validUntil: 'Valid until', terms: 'Terms', order: 'Order', viewOrder: 'View the order',
    accept: 'Accept and order', acceptTitle: 'Order at the quoted prices (total {{total}})', acceptHint: 'The order is placed at this quote\'s prices, for this order only.', address: 'Delivery address', payment: 'Payment', note: 'Order note',
    placeOrder: 'Place the order', ordered: 'Order {{number}} placed', counter: 'Counter-offer', sendCounter: 'Send the counter-offer', withdraw: 'Withdraw', decline: 'Decline',
    makeOffer: 'Make an offer', reviseOffer: 'Revise the offer', answerCounter: 'Answer the counter-offer', sendOffer: 'Send the offer', priceRequired: 'Give a price',
    expiredHint: 'This offer has expired and can no longer be ordered; ask your sales rep for a new one.',
    status: { requested: 'Awaiting offer', offered: 'Offered', countered: 'Countered', ordered: 'Ordered', declined: 'Declined', withdrawn: 'Withdrawn', expired: 'Expired' },
    kind: { request: 'Request', offer: 'Offer', counter: 'Counter-offer', message: 'Message', accept: 'Accepted and ordered', decline: 'Declined', withdraw: 'Withdrawn' },
    method: { online: 'Online', transfer: 'Bank transfer', balance: 'Prepaid balance', credit: 'On credit', cod: 'Cash on delivery' },
  },
};
