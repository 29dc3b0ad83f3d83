import { registerMessages } from '../../lib/i18n';

/** Marketing's codes: why a promotion or coupon did not apply, and submission refusals. */
registerMessages({
  MK_SHORT: { zh: '还差 {short} 可享{level}（{name}）', en: '{short} more for {level} ({name})' },
  MK_NEXT: { zh: '再买 {short} 可享{level}（{name}）', en: 'Buy {short} more for {level} ({name})' },
  MK_COUPON_SHORT: { zh: '优惠券「{name}」还差 {short} 可用', en: 'Coupon "{name}" needs {short} more' },
  MK_COUPON_BLOCKED: { zh: '优惠券「{name}」不能与「{with}」同享', en: 'Coupon "{name}" cannot be combined with "{with}"' },
  MK_NOT_COMBINED: { zh: '「{name}」不能与「{with}」同享，已按优惠更大的方案计算', en: '"{name}" cannot be combined with "{with}"; the larger saving was chosen' },
  MK_NO_LINES: { zh: '「{name}」：购物车中没有参加活动的商品', en: '"{name}": no product in the cart takes part' },
  MK_SOLD_OUT: { zh: '「{name}」名额已抢完', en: '"{name}" is sold out' },
  MK_CUSTOMER_LIMIT: { zh: '「{name}」每个客户限参加次数已用完', en: '"{name}": your customer has used up its turns' },
  MK_COUPON_UNKNOWN: { zh: '所选优惠券不可用（已使用、已过期或不存在），请重新选择', en: 'The chosen coupon cannot be used (used, expired or unknown); choose again' },
  PROMOTIONS_CHANGED: { zh: '活动或购物车刚刚有变动，请刷新购物车确认后重新提交', en: 'Promotions or the cart just changed; refresh the cart, check and submit again' },
  PROMOTION_SOLD_OUT: { zh: '活动「{name}」的名额刚被抢完，请刷新购物车确认价格后重新提交', en: 'Promotion "{name}" has just sold out; refresh the cart, check the prices and submit again' },
  PROMOTION_CUSTOMER_LIMIT: { zh: '活动「{name}」每个客户限参加 {limit} 次，已用完，请刷新购物车后重新提交', en: 'Promotion "{name}" allows {limit} use(s) per customer, all used; refresh the cart and submit again' },
  COUPON_UNAVAILABLE: { zh: '优惠券「{name}」已被使用或已过期，请重新选择优惠券', en: 'Coupon "{name}" has been used or has expired; choose another' },
  PROMOTION_NOT_EDITABLE: { zh: '活动已开始或已结束，只能停止，不能修改', en: 'The promotion has started or ended; it can only be stopped, not changed' },
  PROMOTION_BAD_STATE: { zh: '活动当前为「{state}」，不能{action}', en: 'The promotion is {state}; it cannot be {action}' },
  PROMOTION_UNKNOWN_SKU: { zh: '商品 ID {ids} 不存在，请重新选择活动商品或赠品', en: 'SKU id(s) {ids} do not exist; choose the products or gift again' },
  COUPON_TEMPLATE_STOPPED: { zh: '优惠券「{name}」已停止发放', en: 'Coupon "{name}" is no longer issued' },
  COUPON_CLAIM_LIMIT: { zh: '优惠券「{name}」每个客户限领 {limit} 张，已领完', en: 'Coupon "{name}": at most {limit} per customer, already claimed' },
  COUPON_SOLD_OUT: { zh: '优惠券「{name}」已发完（共 {total} 张）', en: 'Coupon "{name}" has run out ({total} in all)' },
  COUPON_NOT_CLAIMABLE: { zh: '优惠券「{name}」不能自行领取，请联系业务员', en: 'Coupon "{name}" cannot be claimed; ask your sales rep' },
  COUPON_EXPIRED_TEMPLATE: { zh: '优惠券「{name}」的有效期已过，不能再发放', en: 'Coupon "{name}" has expired and cannot be issued' },
});
