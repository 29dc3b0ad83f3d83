export const zh = {
  reports: {
    dashboard: '经营概况', sales: '销售报表', last7: '近7天', last30: '近30天', last90: '近90天',
    salesToday: '今日销售额', ordersToday: '今日订单', salesMonth: '本月销售额', salesPeriod: '近{{days}}天销售额',
    toReview: '待审核', awaitingPayment: '待付款', toShip: '待发货', urgent: '加急', activeCustomers: '下单客户数',
    trend: '销售趋势', topSkus: '热销商品', topCustomers: '客户排行', sku: '商品', qty: '数量', qtyBase: '数量（基本单位）', amount: '金额', orders: '订单数',
    customer: '客户', total: '合计',
    by: { day: '按日', month: '按月', customer: '按客户', sku: '按商品', rep: '按业务员' },
  },
};
export const en: typeof zh = {
  reports: {
    dashboard: 'Overview', sales: 'Sales report', last7: '7 days', last30: '30 days', last90: '90 days',
    salesToday: 'Sales today', ordersToday: 'Orders today', salesMonth: 'Sales this month', salesPeriod: 'Sales, last {{days}} days',
    toReview: 'To review', awaitingPayment: 'Awaiting payment', toShip: 'To ship', urgent: 'urgent', activeCustomers: 'Ordering customers',
    trend: 'Sales trend', topSkus: 'Top products', topCustomers: 'Top customers', sku: 'Product', qty: 'Qty', qtyBase: 'Qty (base units)', amount: 'Amount', orders: 'Orders',
    customer: 'Customer', total: 'Total',
    by: { day: 'By day', month: 'By month', customer: 'By customer', sku: 'By product', rep: 'By sales rep' },
  },
};
