import { registerMessages } from '../../lib/i18n';

registerMessages({
  INSUFFICIENT_BALANCE: { zh: '预存款余额不足：需要 ¥{amount}，可用 ¥{balance}', en: 'Not enough prepaid balance: ¥{amount} needed, ¥{balance} available' },
  ORDER_NOT_PAYABLE: { zh: '订单 {number} 当前状态（{status}）不能付款', en: 'Order {number} cannot be paid in its current status ({status})' },
  PAYMENT_EXCEEDS_OUTSTANDING: { zh: '付款金额 ¥{amount} 超过订单待付金额 ¥{outstanding}', en: 'The payment of ¥{amount} is more than the ¥{outstanding} still owed on the order' },
  ORDER_ALREADY_PAID: { zh: '订单 {number} 已付清', en: 'Order {number} is already paid in full' },
  PAYMENT_METHOD_NOT_ALLOWED: { zh: '该客户不能使用“{method}”付款，可用方式：{allowed}', en: 'This customer cannot pay by "{method}"; allowed: {allowed}' },
  CREDIT_LIMIT_EXCEEDED: {
    zh: '超出信用额度：未结应收 ¥{outstanding} + 本单 ¥{amount} 超过额度 ¥{limit}',
    en: 'Credit limit exceeded: outstanding ¥{outstanding} + this order ¥{amount} is over the limit of ¥{limit}',
  },
  CUSTOMER_ON_HOLD: { zh: '客户已被财务冻结赊销：{reason}', en: 'The customer is on credit hold: {reason}' },
  CREDIT_NOT_ALLOWED: { zh: '该客户没有账期（付款条件为 {terms}）', en: 'This customer has no credit terms (payment terms: {terms})' },
  PAYMENT_NOT_PENDING: { zh: '付款 {number} 已处理（{status}），不能再确认或驳回', en: 'Payment {number} was already handled ({status})' },
  VOUCHER_REQUIRED: { zh: '请上传转账凭证图片', en: 'Upload the transfer voucher image (field "voucher")' },
  VOUCHER_NOT_IMAGE: { zh: '转账凭证须为 JPG、PNG 或 WebP 图片', en: 'The voucher must be a JPG, PNG or WebP image' },
  REFUND_EXCEEDS_PAID: { zh: '退款金额 ¥{amount} 超过可退金额 ¥{refundable}', en: 'The refund of ¥{amount} is more than the ¥{refundable} that can be refunded' },
  NOTHING_TO_REFUND: { zh: '订单 {number} 没有可退的款项', en: 'Order {number} has nothing to refund' },
  PROVIDER_UNKNOWN: { zh: '未知的支付渠道：{provider}', en: 'Unknown payment provider: {provider}' },
  PROVIDER_FAILED: { zh: '支付渠道 {provider} 未能处理请求：{reason}，请稍后重试', en: 'The payment provider {provider} could not handle the request: {reason}. Try again later' },
  NOTIFY_REJECTED: { zh: '支付通知被拒绝：{reason}', en: 'Payment notification rejected: {reason}' },
  STATEMENT_OUTDATED: { zh: '对账单与账户流水已不一致，请联系财务重新出具后再确认', en: 'The statement no longer agrees with the account; ask finance to issue it again before confirming' },
  STATEMENT_NOT_OPEN: { zh: '对账单已{status}，不能再次操作', en: 'The statement is already {status}' },
  PERIOD_NOT_CLOSED: { zh: '{period} 月尚未结束，不能生成对账单', en: 'The month {period} has not ended yet' },
});

registerMessages({
  ORDER_NOT_CANCELLED: { zh: '订单 {number} 未取消，不能退款（退货退款由售后处理）', en: 'Order {number} is not cancelled; refunds for returns go through after-sales' },
});
