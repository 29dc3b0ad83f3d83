import { registerMessages } from '../../lib/i18n';

export const ORDER_ENTITY = '订单 / order';

registerMessages({
  ORDER_VERSION_CONFLICT: {
    zh: '订单 {number} 已被其他人处理（当前状态：{status}，版本 {version}），请刷新后再操作',
    en: 'Order {number} was changed by someone else (now {status}, version {version}); reload it and try again',
  },
  ORDER_EVENT_UNKNOWN: { zh: '未知的订单操作“{event}”', en: 'Unknown order action "{event}"' },
  ORDER_TRANSITION_NOT_ALLOWED: {
    zh: '订单 {number} 当前状态为 {status}，不能执行“{event}”',
    en: 'Order {number} is {status}; "{event}" is not possible in that state',
  },
  ORDER_EVENT_FORBIDDEN: { zh: '您的角色（{role}）不能对订单执行“{event}”', en: 'Your role ({role}) may not perform "{event}" on orders' },
  ORDER_EVENT_INTERNAL: {
    zh: '“{event}”由系统在发货、收款或自动签收时执行，不能直接调用',
    en: '"{event}" happens through shipping, payments or automatic delivery; it cannot be called directly',
  },
  ORDER_REASON_REQUIRED: { zh: '请填写原因', en: 'Give a reason in "note"' },
  ORDER_ROUTE_NOT_NEEDED: { zh: '订单已在审核流程的第一步', en: 'The order is already at the first step of the review chain' },
  ORDER_AUTO_APPROVE_RULES: { zh: '订单不满足自动审核规则', en: 'The order does not meet the automatic approval rules' },
  CREDIT_CHECK_FAILED: { zh: '订单 {number} 未通过信用检查', en: 'Order {number} failed the credit check' },
  ORDER_NOT_PAID: { zh: '订单 {number} 尚未付清', en: 'Order {number} is not fully paid yet' },
  ORDER_SHIPMENT_MISMATCH: { zh: '订单 {number} 的发货数量与该操作不符', en: 'The shipped quantities of order {number} do not match this action' },
  ORDER_NOT_DUE: { zh: '订单 {number} 还未到自动处理的时间', en: 'Order {number} is not due for the automatic step yet' },
  ORDER_CANCEL_PAID: { zh: '订单 {number} 已付款，请联系供应商取消', en: 'Order {number} has payments; ask the supplier to cancel it' },
  ORDER_CANCEL_SHIPPED: {
    zh: '订单 {number} 已部分发货，不能取消；已发出的商品请在订单页点“代客发起售后”办理售后退货',
    en: 'Order {number} is partly shipped and cannot be cancelled; for the goods already sent, use “Raise for a customer” (after-sales return) on the order',
  },
});
