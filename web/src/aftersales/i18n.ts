export const zh = {
  aftersales: {
    menu: '售后管理', tab: '售后', meLink: '我的售后', apply: '申请售后', applyTitle: '申请售后', list: '售后单', detail: '售后详情',
    kind: { return_refund: '退货退款', refund_only: '仅退款', exchange: '换货', reissue: '补发' },
    status: { draft: '待确认', submitted: '待审核', approved: '已同意', rejected: '已拒绝', returning: '退货寄回中', received: '已收货验货', shipped: '换货/补发已发出', completed: '已完成', cancelled: '已取消' },
    event: {
      create: '提交申请', confirm: '确认提交', approve: '同意', reject: '拒绝', ship_back: '填写退货物流', receive: '收货验货', refund: '退款',
      ship_replacement: '发出换货/补发', confirm_replacement: '确认收到', cancel: '取消申请',
    },
    source: { buyer: '买家申请', staff: '代客申请', receipt: '差异收货' },
    number: '售后单号', order: '订单', customer: '客户', kindLabel: '类型', reason: '原因', description: '问题描述', descriptionHint: '请描述问题，例如破损情况',
    lines: '售后商品', qty: '申请数量', available: '可申请 {{q}}', shipped: '已发货 {{q}}', none: '暂无售后单', created: '申请时间', progress: '进度', timeline: '处理记录',
    submit: '提交申请', submitted: '已提交售后申请', done: '操作成功', chooseQty: '请至少填写一件商品的数量', windowClosed: '已超过售后期限（签收后 {{days}} 天）',
    windowUntil: '售后期限至 {{at}}', returnShipment: '退货物流', carrier: '承运商', trackingNo: '运单号', replacement: '换货/补发物流',
    inspect: '收货验货', toStock: '入库', defective: '次品', refused: '拒收', refuseReason: '拒收原因', warehouse: '入库仓库', shipFrom: '发货仓库',
    refundTitle: '退款', refundAmount: '退款金额（元）', refundMax: '最多可退 {{max}}', refundTo: '退到', toBalance: '预存款余额', toOriginal: '原支付方式',
    refundNote: '少退原因', refunds: '退款记录', refunded: '已退款', credit: '冲减应收', rejectReason: '拒绝原因', cancelReason: '取消原因',
    statusLabel: '状态', system: '系统', reasonRequired: '请填写原因', searchHint: '售后单号 / 订单号 / 客户', all: '全部', paid: '实付 {{v}}', unitsOrdered: '按订购单位',
    fromOrder: '从订单申请', orderHasAftersales: '售后', draftHint: '收货时登记了短少或破损，系统已为您生成售后单，请确认后提交',
    staffNew: '代客发起售后', inspected: '验收：入库 {{a}}，次品 {{b}}，拒收 {{c}}',
    held: '已预留换货库存 {{q}}', replacementSent: '已发出换货/补发 {{q}}', deliveryNote: '打印发货单',
    shipsFromHeld: '从审核时预留库存的仓库发出，无需选择仓库', shipFromAuto: '不选则按仓库优先级自动选择有货的仓库',
  },
};

export const en: typeof zh = {
  aftersales: {
    menu: 'After-sales', tab: 'After-sales', meLink: 'My after-sales', apply: 'Request after-sales', applyTitle: 'Request after-sales', list: 'Requests', detail: 'After-sales request',
    kind: { return_refund: 'Return and refund', refund_only: 'Refund only', exchange: 'Exchange', reissue: 'Reissue' },
    status: { draft: 'To confirm', submitted: 'Awaiting review', approved: 'Approved', rejected: 'Rejected', returning: 'Being returned', received: 'Received and inspected', shipped: 'Replacement shipped', completed: 'Completed', cancelled: 'Cancelled' },
    event: {
      create: 'Requested', confirm: 'Confirm', approve: 'Approve', reject: 'Reject', ship_back: 'Enter return tracking', receive: 'Receive and inspect', refund: 'Refund',
      ship_replacement: 'Ship replacement', confirm_replacement: 'Confirm received', cancel: 'Cancel request',
    },
    source: { buyer: 'By buyer', staff: 'By staff', receipt: 'Receipt discrepancy' },
    number: 'Request no.', order: 'Order', customer: 'Customer', kindLabel: 'Type', reason: 'Reason', description: 'Description', descriptionHint: 'Describe the problem, e.g. the damage',
    lines: 'Items', qty: 'Quantity', available: 'Up to {{q}}', shipped: '{{q}} shipped', none: 'No after-sales requests', created: 'Requested at', progress: 'Progress', timeline: 'History',
    submit: 'Submit', submitted: 'Request submitted', done: 'Done', chooseQty: 'Enter a quantity for at least one item', windowClosed: 'The after-sales window has closed ({{days}} days after receipt)',
    windowUntil: 'After-sales possible until {{at}}', returnShipment: 'Return shipment', carrier: 'Carrier', trackingNo: 'Tracking no.', replacement: 'Replacement shipment',
    inspect: 'Receive and inspect', toStock: 'To stock', defective: 'Defective', refused: 'Refused', refuseReason: 'Why refused', warehouse: 'Into warehouse', shipFrom: 'Ship from',
    refundTitle: 'Refund', refundAmount: 'Refund (yuan)', refundMax: 'At most {{max}}', refundTo: 'Refund to', toBalance: 'Prepaid balance', toOriginal: 'Original payment',
    refundNote: 'Why less', refunds: 'Refunds', refunded: 'Refunded', credit: 'Credited', rejectReason: 'Reason for rejection', cancelReason: 'Reason for cancelling',
    statusLabel: 'Status', system: 'System', reasonRequired: 'Give a reason', searchHint: 'Request / order no. / customer', all: 'All', paid: 'Paid {{v}}', unitsOrdered: 'in the unit ordered',
    fromOrder: 'From order', orderHasAftersales: 'After-sales', draftHint: 'Your receipt noted shortage or damage; we prepared this request. Confirm to submit it.',
    staffNew: 'Raise for a customer', inspected: 'Inspected: {{a}} to stock, {{b}} defective, {{c}} refused',
    held: 'Replacement reserved: {{q}}', replacementSent: 'Replacement sent: {{q}}', deliveryNote: 'Print delivery note',
    shipsFromHeld: 'Ships from the warehouses where approval reserved it', shipFromAuto: 'Leave empty to pick the first warehouse with stock by priority',
  },
};
