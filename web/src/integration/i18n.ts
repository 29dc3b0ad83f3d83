export const zh = {
  integration: {
    webhooks: 'Webhook 推送', add: '添加推送地址', hint: '订单、付款、库存等事件发生后，系统以签名的 POST 请求推送到对接系统（ERP/WMS），失败自动重试。',
    topics: '事件', test: '发送测试', testOk: '对方已接收', testFailed: '推送失败', deliveries: '推送记录', rotate: '更换密钥',
    secretOnce: '签名密钥（仅显示一次，请保存到对接系统）', time: '时间', topic: '事件', error: '错误',
  },
};
export const en: typeof zh = {
  integration: {
    webhooks: 'Webhooks', add: 'Add endpoint', hint: 'Order, payment and stock events are POSTed, signed, to your ERP/WMS; failures are retried.',
    topics: 'Events', test: 'Send test', testOk: 'Receiver accepted it', testFailed: 'Delivery failed', deliveries: 'Deliveries', rotate: 'Rotate secret',
    secretOnce: 'Signing secret (shown once; store it in the receiving system)', time: 'Time', topic: 'Event', error: 'Error',
  },
};
