export const zh = {
  customers: {
    title: '客户', list: '客户列表', create: '新建客户', edit: '编辑客户', code: '客户编码', name: '客户名称', contact: '联系人', moreContacts: '其他联系人', phone: '电话', email: '邮箱',
    province: '省份', city: '城市', district: '区县', address: '地址', region: '地区', tier: '客户等级', rep: '业务员', terms: '结算方式',
    termsOf: { prepay: '预付款', cod: '货到付款', credit: '月结账期' }, statusOf: { active: '正常', suspended: '已停用' },
    days: '天', creditDays: '账期（天）', creditLimit: '信用额度', tags: '标签', tagsHint: '输入后回车', notes: '内部备注',
    searchHint: '名称 / 编码 / 联系人 / 电话', codeRule: '只能包含字母、数字、- 和 _', profile: '基本资料', termsAndCredit: '结算与信用',
    addresses: '收货地址', buyers: '采购账号', invoice: '开票信息', prices: '客户价格',
    addAddress: '新增地址', editAddress: '编辑地址', noAddress: '还没有收货地址', setDefault: '设为默认', default: '默认', deleteAddress: '删除该地址？',
    recipient: '收货人', street: '详细地址', postcode: '邮编',
    addBuyer: '新增账号', setLimit: '单笔限额', disableBuyer: '停用后该账号无法登录，确定？', orderLimit: '单笔订单限额', noLimit: '不限',
    orderLimitHint: '超过此金额的订单需客户管理员审批；留空表示不限。', buyerCreated: '账号 {{login}} 已创建，初始密码（仅显示一次）', loginRule: '只能包含字母、数字和 _ . @ -',
    invoiceKind: '发票类型', invoiceNormal: '增值税普通发票', invoiceSpecial: '增值税专用发票', invoiceTitle: '发票抬头', taxNo: '纳税人识别号',
    taxNoRule: '15–20 位数字或大写字母', bankName: '开户银行', bankAccount: '银行账号', invoiceAddress: '注册地址', invoiceEmail: '收票邮箱',
    requiredForSpecial: '开具专票必填',
  },
  tiers: {
    title: '客户等级', create: '新建等级', edit: '编辑等级', sort: '排序', discount: '默认折扣', customers: '客户数',
    hint: '没有价目表价格时，按等级默认折扣从基础价打折。', discountHint: '例如 12 表示基础价减 12%，即打 88折', confirmDelete: '删除等级“{{name}}”？',
  },
  registrations: {
    title: '注册审核', company: '申请企业', appliedAt: '申请时间', review: '审核', approve: '通过', reject: '驳回', reason: '驳回原因',
    statusOf: { pending: '待审核', approved: '已通过', rejected: '已驳回' }, licence: '营业执照', licenceNo: '执照编号', login: '申请登录名',
    message: '留言', approved: '已开通客户账号', loginIs: '登录名：{{login}}，初始密码：', passwordOnce: '密码只显示这一次，请转告客户并提醒其修改。',
  },
  myCompany: {
    title: '我的企业', profile: '企业资料', addresses: '收货地址', buyers: '采购账号', invoice: '开票信息', terms: '结算方式', creditLimit: '信用额度',
    rep: '专属业务员', readonly: '资料如需修改请联系业务员',
  },
  register: {
    title: '申请成为经销商', intro: '填写企业信息并上传营业执照，审核通过后我们会为您开通订货账号。', link: '还没有账号？申请成为经销商',
    companyName: '企业名称', contactName: '联系人', contactPhone: '手机号', login: '希望使用的登录名', licenceNo: '统一社会信用代码', message: '留言（经营品类、门店数等）',
    licence: '营业执照照片', upload: '拍照或选择图片', licenceRequired: '请上传营业执照照片', submitted: '申请已提交', submittedText: '申请编号 {{id}}。我们会尽快审核，并通过电话 {{phone}} 与您联系。',
    backToLogin: '返回登录',
  },
};

export const en: typeof zh = {
  customers: {
    title: 'Customer', list: 'Customers', create: 'New customer', edit: 'Edit customer', code: 'Code', name: 'Name', contact: 'Contact', moreContacts: 'Other contacts', phone: 'Phone', email: 'Email',
    province: 'Province', city: 'City', district: 'District', address: 'Address', region: 'Region', tier: 'Tier', rep: 'Sales rep', terms: 'Payment terms',
    termsOf: { prepay: 'Prepay', cod: 'Cash on delivery', credit: 'Monthly credit' }, statusOf: { active: 'Active', suspended: 'Suspended' },
    days: ' days', creditDays: 'Credit days', creditLimit: 'Credit limit', tags: 'Tags', tagsHint: 'Type and press Enter', notes: 'Internal notes',
    searchHint: 'Name / code / contact / phone', codeRule: 'Letters, digits, - and _ only', profile: 'Profile', termsAndCredit: 'Terms & credit',
    addresses: 'Addresses', buyers: 'Buyers', invoice: 'Invoice profile', prices: 'Prices',
    addAddress: 'Add address', editAddress: 'Edit address', noAddress: 'No delivery address yet', setDefault: 'Make default', default: 'Default', deleteAddress: 'Delete this address?',
    recipient: 'Recipient', street: 'Street address', postcode: 'Postcode',
    addBuyer: 'Add login', setLimit: 'Order limit', disableBuyer: 'The login will no longer be able to sign in. Continue?', orderLimit: 'Per-order limit', noLimit: 'No limit',
    orderLimitHint: 'Orders above this amount need the customer admin\'s approval; empty means no limit.', buyerCreated: 'Login {{login}} created; initial password (shown once)', loginRule: 'Letters, digits and _ . @ - only',
    invoiceKind: 'Invoice type', invoiceNormal: 'Normal VAT invoice', invoiceSpecial: 'Special VAT invoice', invoiceTitle: 'Invoice title', taxNo: 'Taxpayer id',
    taxNoRule: '15–20 digits or capital letters', bankName: 'Bank', bankAccount: 'Bank account', invoiceAddress: 'Registered address', invoiceEmail: 'Invoice email',
    requiredForSpecial: 'Required for a special VAT invoice',
  },
  tiers: {
    title: 'Customer tiers', create: 'New tier', edit: 'Edit tier', sort: 'Order', discount: 'Default discount', customers: 'Customers',
    hint: 'Without a price-list price, the tier\'s default discount applies to the base price.', discountHint: 'e.g. 12 means 12% off base price', confirmDelete: 'Delete tier "{{name}}"?',
  },
  registrations: {
    title: 'Applications', company: 'Company', appliedAt: 'Applied', review: 'Review', approve: 'Approve', reject: 'Reject', reason: 'Reason',
    statusOf: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' }, licence: 'Business licence', licenceNo: 'Licence no.', login: 'Requested login',
    message: 'Message', approved: 'Customer account created', loginIs: 'Login: {{login}}, initial password:', passwordOnce: 'The password is shown only once; pass it on and ask them to change it.',
  },
  myCompany: {
    title: 'My company', profile: 'Company profile', addresses: 'Addresses', buyers: 'Buyers', invoice: 'Invoice profile', terms: 'Payment terms', creditLimit: 'Credit limit',
    rep: 'Your sales rep', readonly: 'Ask your sales rep to change these details',
  },
  register: {
    title: 'Become a dealer', intro: 'Tell us about your company and upload the business licence; we open your ordering account once approved.', link: 'No account yet? Apply to become a dealer',
    companyName: 'Company name', contactName: 'Contact', contactPhone: 'Mobile', login: 'Preferred login', licenceNo: 'Unified social credit code', message: 'Message (products, number of stores …)',
    licence: 'Business licence photo', upload: 'Take or choose a photo', licenceRequired: 'Please upload the licence photo', submitted: 'Application sent', submittedText: 'Application no. {{id}}. We will review it and call you at {{phone}}.',
    backToLogin: 'Back to sign in',
  },
};
