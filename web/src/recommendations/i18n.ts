export const zh = {
  reco: {
    dueTitle: '该补货了', dueHint: '按您以往的订货节奏，这些商品该补货了', addAll: '一键全部加入购物车', addedAll: '已加入 {{added}} 种商品', alreadyAll: '这些商品已在购物车里',
    partly: '已加入 {{added}} 种，{{rejected}} 种未能加入', overdue: '已过 {{n}} 天', dueToday: '今天', dueIn: '{{n}} 天后', every: '约每 {{n}} 天订一次',
    last: '上次 {{date}}', usual: '常订 {{qty}}', together: '经常一起买', likeYou: '同类客户也在订', perUnit: '/{{unit}}',
    calls: '补货回访', callsTitle: '补货回访清单', callsHint: '客户的常购商品已过预计补货日仍未下单：逾期的提醒补货，停订的（晚于一个周期）可能已转向别家，值得打电话问问',
    customer: '客户', product: '商品', contact: '联系人', expected: '预计补货日', lastOrder: '上次下单', late: '逾期', usualQty: '常订数量', rhythm: '节奏',
    stateLabel: '状态', days: '{{n}} 天', all: '全部',
    st: { upcoming: '未到期', due: '该补货', overdue: '逾期', lapsed: '疑似停订' },
  },
};
export const en: typeof zh = {
  reco: {
    dueTitle: 'Time to reorder', dueHint: 'By your usual ordering rhythm these are due', addAll: 'Add all to cart', addedAll: '{{added}} products added', alreadyAll: 'These are already in your cart',
    partly: '{{added}} added, {{rejected}} could not be added', overdue: '{{n}} days late', dueToday: 'today', dueIn: 'in {{n}} days', every: 'about every {{n}} days',
    last: 'last {{date}}', usual: 'usually {{qty}}', together: 'Often bought together', likeYou: 'Customers like you also order', perUnit: '/{{unit}}',
    calls: 'Reorder calls', callsTitle: 'Reorder call list', callsHint: 'Regular items past their expected reorder day: overdue ones need a reminder; lapsed ones (more than one cycle late) may have gone to a competitor — worth a call',
    customer: 'Customer', product: 'Product', contact: 'Contact', expected: 'Expected', lastOrder: 'Last order', late: 'Late', usualQty: 'Usual qty', rhythm: 'Rhythm',
    stateLabel: 'State', days: '{{n}} days', all: 'All',
    st: { upcoming: 'Upcoming', due: 'Due', overdue: 'Overdue', lapsed: 'Lapsed' },
  },
};
