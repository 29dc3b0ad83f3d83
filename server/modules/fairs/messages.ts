import { registerMessages } from '../../lib/i18n';

/** The fair's refusals, each saying what to do instead. */
registerMessages({
  FAIR_NOT_OPEN: { zh: '订货会「{name}」{when}，现在不能订货', en: 'The fair "{name}" {when}; booking is not possible now' },
  FAIR_NOT_INVITED: { zh: '您的公司未受邀参加订货会「{name}」，如需参加请联系业务员', en: 'Your company is not invited to the fair "{name}"; ask your sales rep' },
  FAIR_ITEM_UNKNOWN: { zh: '商品 ID {ids} 不在订货会「{name}」的商品中，请从订货会商品里选择', en: 'SKU id(s) {ids} are not part of the fair "{name}"; choose from its products' },
  FAIR_LINE_BELOW_MIN: { zh: '商品 {code} 每次至少订 {min}，本次只订了 {qty}', en: 'Product {code}: at least {min} per booking, this one has {qty}' },
  FAIR_QTY_OVER_QUOTA: { zh: '商品 {code} 每个客户最多订 {max}，已订 {booked}，本次 {qty} 超出配额，最多还能订 {left}', en: 'Product {code}: at most {max} per customer; {booked} booked, {qty} now exceeds the quota; {left} left' },
  FAIR_AMOUNT_OVER_QUOTA: { zh: '本次订货 ¥{amount} 超出您的订货额度：上限 ¥{max}，已订 ¥{booked}，最多还能订 ¥{left}', en: 'This booking of ¥{amount} exceeds your quota: limit ¥{max}, booked ¥{booked}, ¥{left} left' },
  FAIR_AMOUNT_BELOW_MIN: { zh: '订货会「{name}」每个客户最低订货 ¥{min}，本次订货后累计 ¥{total}，请再加 ¥{short}', en: 'The fair "{name}" asks at least ¥{min} per customer; with this booking you have ¥{total}; add ¥{short}' },
  FAIR_DUPLICATE_LINE: { zh: '同一商品请合并为一行（商品 ID {id} 出现了多次）', en: 'Put each product on one line (SKU id {id} appears more than once)' },
  FAIR_NOT_EDITABLE: { zh: '订货会已发布，不能再修改商品、价格和时间；如需调整请取消后重建', en: 'The fair is published; products, prices and times can no longer change. Cancel it and create another' },
  FAIR_BAD_STATE: { zh: '订货会当前为「{state}」，不能{action}', en: 'The fair is {state}; it cannot be {action}' },
  FAIR_NOT_CLOSED: { zh: '订货会「{name}」还没有结束（{closesAt} 截止），结束后才能转为订单', en: 'The fair "{name}" has not closed yet (closes {closesAt}); convert after it closes' },
  FAIR_PRICE_BREAKS: { zh: '商品 ID {id} 的价格阶梯必须从 1 起，且起订量不重复', en: 'The price breaks of SKU id {id} must start at 1 with no repeated quantity' },
  FAIR_CONVERT_TOO_MUCH: { zh: '订货单 {number} 的商品 ID {skuId} 还剩 {left} 未转订单，本次要转 {qty}，请减少数量', en: 'Booking {number}, SKU id {skuId}: {left} left to convert, {qty} asked; reduce the quantity' },
  FAIR_NOTHING_LEFT: { zh: '订货单 {number} 已全部转为订单（或不在所选仓库的配送区域内）', en: 'Booking {number} has nothing left to convert (or is outside the chosen warehouse\'s region)' },
  FAIR_NO_ADDRESS: { zh: '客户「{name}」没有收货地址，请先在客户资料中添加', en: 'Customer "{name}" has no delivery address; add one to the customer first' },
  FAIR_CHANGE_CLOSED: { zh: '订货会「{name}」{when}，订货单不能再修改或取消', en: 'The fair "{name}" {when}; bookings can no longer be changed or cancelled' },
  FAIR_BOOKING_DONE: { zh: '订货单 {number} {status}，不能再{action}', en: 'Booking {number} is {status}; it cannot be {action}' },
  FAIR_DEPOSIT_PAID: { zh: '订货单 {number} 的定金已支付，无需再付', en: 'The deposit of booking {number} is already paid' },
  FAIR_NO_DEPOSIT: { zh: '订货单 {number} 无需支付定金', en: 'Booking {number} has no deposit to pay' },
  FAIR_DEPOSIT_OVERDUE: { zh: '订货单 {number} 的定金 ¥{amount} 已过付款截止时间，请联系业务员', en: 'The deposit of ¥{amount} for booking {number} is past its deadline; ask your sales rep' },
  FAIR_NOT_OVERDUE: { zh: '订货单 {number} 的定金未逾期（已付或尚未到截止时间），不能释放', en: 'Booking {number} is not overdue on its deposit (paid, or the deadline has not passed); it cannot be released' },
  FAIR_DEPOSIT_UNPAID: { zh: '订货单 {number} 的定金 ¥{amount} 未付，请先收取定金或释放该订货单', en: 'Booking {number} has an unpaid deposit of ¥{amount}; collect it or release the booking first' },
});
