import { registerMessages } from '../../lib/i18n';

export const REQUEST_ENTITY = '售后单 / after-sales request';
export const COMPLAINT_ENTITY = '投诉 / complaint';
export const PHOTO_ENTITY = '照片 / photo';

registerMessages({
  AFTERSALES_VERSION_CONFLICT: {
    zh: '售后单 {number} 已被其他人处理（当前状态：{status}，版本 {version}），请刷新后再操作',
    en: 'After-sales request {number} was changed by someone else (now {status}, version {version}); reload it and try again',
  },
  AFTERSALES_TRANSITION_NOT_ALLOWED: {
    zh: '售后单 {number} 当前状态为“{status}”，不能执行“{event}”，请刷新后查看',
    en: 'After-sales request {number} is {status}; "{event}" is not possible in that state',
  },
  AFTERSALES_EVENT_FORBIDDEN: { zh: '您的角色（{role}）不能对售后单执行“{event}”', en: 'Your role ({role}) may not perform "{event}" on after-sales requests' },
  AFTERSALES_REASON_REQUIRED: { zh: '请填写原因', en: 'Give a reason in "note"' },
  AFTERSALES_NOT_SHIPPED: { zh: '订单 {number} 还没有发货，不能申请售后', en: 'Order {number} has not shipped anything yet; after-sales is not possible' },
  AFTERSALES_WINDOW_CLOSED: {
    zh: '订单 {number} 已签收超过 {days} 天，超出售后申请期限',
    en: 'Order {number} was received more than {days} days ago; the after-sales window has closed',
  },
  AFTERSALES_LINE_UNKNOWN: { zh: '第 {index} 行不是订单 {number} 的商品', en: 'Line {index} is not a line of order {number}' },
  AFTERSALES_QTY_EXCEEDS: {
    zh: '“{name}”最多还能申请 {available}（已发货 {shipped}，已申请 {requested}）',
    en: '"{name}": at most {available} can still be requested ({shipped} shipped, {requested} already requested)',
  },
  AFTERSALES_INSPECTION_MISMATCH: {
    zh: '“{name}”的验收数量（入库 + 次品 + 拒收 = {given}）必须等于退回数量 {qty}',
    en: '"{name}": inspected quantities (to stock + defective + refused = {given}) must equal the returned {qty}',
  },
  AFTERSALES_NO_QUARANTINE: {
    zh: '有次品但未设置次品仓：请在售后设置中选择次品仓，或在验收时指定',
    en: 'Defective goods need a quarantine warehouse: choose one in the after-sales settings or with the inspection',
  },
  AFTERSALES_REFUND_EXCEEDS: {
    zh: '退款金额 ¥{amount} 超过可退金额 ¥{max}（按实付价格计算）',
    en: 'Refund ¥{amount} exceeds the refundable ¥{max} (from the price paid)',
  },
  AFTERSALES_REFUND_NOTE_REQUIRED: { zh: '退款金额低于可退金额 ¥{max}，请填写原因', en: 'The refund is below the refundable ¥{max}; give a reason' },
  AFTERSALES_NOTHING_TO_SHIP: { zh: '售后单 {number} 没有需要换货发出的商品', en: 'After-sales request {number} has nothing to ship as a replacement' },
  AFTERSALES_REPLACEMENT_NOT_SHIPPED: { zh: '售后单 {number} 的换货/补发还没有发出，暂无发货单', en: 'After-sales request {number} has not shipped its replacement yet; there is no delivery note' },
  COMPLAINT_VERSION_CONFLICT: { zh: '投诉 {number} 已被其他人更新（版本 {version}），请刷新后再操作', en: 'Complaint {number} was changed by someone else (version {version}); reload it and try again' },
  COMPLAINT_CLOSED: { zh: '投诉 {number} 已关闭，不能再回复或修改；如有新问题请重新提交投诉', en: 'Complaint {number} is closed; file a new complaint for a new problem' },
  PHOTO_CLOSED: { zh: '{number} 已结束，不能再上传照片', en: '{number} is finished; photos can no longer be added' },
  PHOTO_TOO_MANY: { zh: '最多上传 {max} 张照片', en: 'At most {max} photos' },
  AFTERSALES_DETAILS_REQUIRED: { zh: '“{event}”需要填写 {field}', en: '"{event}" needs {field}' },
});

/** States and actions in the customer's words, for messages that name them (never the codes). */
export const STATUS_WORDS: Record<string, { zh: string; en: string }> = {
  draft: { zh: '待确认', en: 'to confirm' }, submitted: { zh: '待审核', en: 'awaiting review' }, approved: { zh: '已同意', en: 'approved' },
  rejected: { zh: '已拒绝', en: 'rejected' }, returning: { zh: '退货寄回中', en: 'being returned' }, received: { zh: '已收货验货', en: 'received and inspected' },
  shipped: { zh: '换货/补发已发出', en: 'replacement shipped' }, completed: { zh: '已完成', en: 'completed' }, cancelled: { zh: '已取消', en: 'cancelled' },
};
export const EVENT_WORDS: Record<string, { zh: string; en: string }> = {
  confirm: { zh: '确认提交', en: 'confirm' }, approve: { zh: '同意', en: 'approve' }, reject: { zh: '拒绝', en: 'reject' }, ship_back: { zh: '填写退货物流', en: 'enter return tracking' },
  receive: { zh: '收货验货', en: 'receive and inspect' }, refund: { zh: '退款', en: 'refund' }, ship_replacement: { zh: '发出换货/补发', en: 'ship the replacement' },
  confirm_replacement: { zh: '确认收到', en: 'confirm receipt' }, cancel: { zh: '取消申请', en: 'cancel' },
};
export const ROLE_WORDS: Record<string, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'admin' }, sales: { zh: '销售', en: 'sales' }, warehouse: { zh: '仓库', en: 'warehouse' }, finance: { zh: '财务', en: 'finance' },
  customer_admin: { zh: '客户管理员', en: 'customer admin' }, customer_buyer: { zh: '采购员', en: 'buyer' },
};
export const statusWords = (s: string) => STATUS_WORDS[s] ?? { zh: s, en: s };
export const eventWords = (e: string) => EVENT_WORDS[e] ?? { zh: e, en: e };
