export const zh = {
  mk: {
    discount: '活动优惠', subtotal: '商品金额', orderDiscounts: '优惠明细', promotions: '促销活动', coupons: '优惠券', wallet: '我的优惠券',
    applied: '已享优惠', gift: '赠品', giftLine: '赠 {{name}} × {{qty}}{{unit}}', giftOut: '赠品缺货未赠送', released: '已退回', couponUsed: '使用优惠券「{{name}}」',
    newPromotion: '新建满减活动', name: '活动名称', window: '活动时间', levels: '满减档位', threshold: '满（元）', off: '减（元）', addLevel: '加一档',
    tiers: '参与等级（不选为全部客户）', exclusive: '不与其他活动同享', withCoupons: '可与优惠券同享', priority: '优先级', save: '保存草稿', publish: '发布', stop: '停止', del: '删除',
    summary: '优惠', state: '状态', used: '已用', actions: '操作', limitQty: '总名额（件/次，可空）', perCustomer: '每客户限参加次数（可空）',
    st: { draft: '草稿', scheduled: '未开始', running: '进行中', ended: '已结束', stopped: '已停止' },
    preview: '预览', previewTitle: '试算：客户下这单能享受什么', customer: '客户', skuId: '商品 ID', qty: '数量', run: '试算', previewResult: '小计 {{subtotal}}，优惠 {{discount}}，应付 {{total}}',
    templates: '优惠券模板', newTemplate: '新建优惠券', kind: '类型', kindAmount: '满减券', kindPercent: '折扣券', amountOff: '减（元）', discountZhe: '折扣（如 9.5 表示 9.5 折）',
    maxOff: '最多减（元，可空）', couponThreshold: '使用门槛（元）', validDays: '领取后有效天数', claimable: '客户可自行领取', totalQty: '发放总量（可空）',
    issue: '发放', issueTo: '发放给等级', issued: '已发放 {{n}} 张', stopIssue: '停止发放', claim: '领取', claimed: '已领取', canClaim: '可领取的优惠券',
    validTo: '有效期至 {{date}}', cst: { available: '可用', used: '已使用', expired: '已过期' }, none: '暂无优惠券', promotionsFor: '正在进行的活动',
  },
};

export const en = {
  mk: {
    discount: 'Promotions', subtotal: 'Items', orderDiscounts: 'Discounts', promotions: 'Promotions', coupons: 'Coupons', wallet: 'My coupons',
    applied: 'Applied', gift: 'Gift', giftLine: 'Free {{name}} × {{qty}} {{unit}}', giftOut: 'Gift out of stock, not given', released: 'given back', couponUsed: 'Coupon "{{name}}"',
    newPromotion: 'New spend-and-save promotion', name: 'Name', window: 'Runs', levels: 'Levels', threshold: 'Spend (¥)', off: 'Save (¥)', addLevel: 'Add a level',
    tiers: 'Tiers (none: every customer)', exclusive: 'Not with other promotions', withCoupons: 'With coupons', priority: 'Priority', save: 'Save draft', publish: 'Publish', stop: 'Stop', del: 'Delete',
    summary: 'Offer', state: 'State', used: 'Used', actions: 'Actions', limitQty: 'Total units/uses (optional)', perCustomer: 'Uses per customer (optional)',
    st: { draft: 'Draft', scheduled: 'Scheduled', running: 'Running', ended: 'Ended', stopped: 'Stopped' },
    preview: 'Preview', previewTitle: 'What a customer would get for this cart', customer: 'Customer', skuId: 'SKU id', qty: 'Quantity', run: 'Preview', previewResult: 'Items {{subtotal}}, off {{discount}}, to pay {{total}}',
    templates: 'Coupon templates', newTemplate: 'New coupon', kind: 'Kind', kindAmount: 'Amount off', kindPercent: 'Percent off', amountOff: 'Off (¥)', discountZhe: 'Pay (e.g. 9.5 = 95%)',
    maxOff: 'At most off (¥, optional)', couponThreshold: 'Minimum spend (¥)', validDays: 'Valid days after issue', claimable: 'Customers may claim', totalQty: 'Total (optional)',
    issue: 'Issue', issueTo: 'Issue to tiers', issued: '{{n}} issued', stopIssue: 'Stop issuing', claim: 'Claim', claimed: 'Claimed', canClaim: 'Coupons to claim',
    validTo: 'Valid until {{date}}', cst: { available: 'Available', used: 'Used', expired: 'Expired' }, none: 'No coupons', promotionsFor: 'Promotions running',
  },
};
