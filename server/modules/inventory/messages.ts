import { registerMessages } from '../../lib/i18n';

registerMessages({
  INSUFFICIENT_STOCK: {
    zh: '商品 {code} 库存不足：需要 {requested}，可用 {available}',
    en: 'Not enough stock of {code}: {requested} requested, {available} available',
  },
  INSUFFICIENT_STOCK_NO_QTY: {
    zh: '商品 {code} 库存不足（需要 {requested}），请减少数量或稍后再订',
    en: 'Not enough stock of {code} for {requested}; lower the quantity or order later',
  },
  RESERVATION_EXCEEDED: {
    zh: '订单行 {orderLineId} 的预留数量只有 {reserved}，不能处理 {requested}',
    en: 'Order line {orderLineId} has only {reserved} reserved; cannot process {requested}',
  },
  STOCK_BELOW_RESERVED: {
    zh: '商品 {code} 在 {warehouse} 的库存不能低于已预留数量（现有 {onHand}，已预留 {reserved}，变动 {qty}）',
    en: 'Stock of {code} in {warehouse} cannot go below what is reserved (on hand {onHand}, reserved {reserved}, change {qty})',
  },
  WAREHOUSE_INACTIVE: { zh: '仓库 {warehouse} 已停用', en: 'Warehouse {warehouse} is inactive' },
  WAREHOUSE_CODE_TAKEN: { zh: '仓库编码 {code} 已存在', en: 'Warehouse code {code} is already used' },
  TRANSFER_SAME_WAREHOUSE: { zh: '调出仓库和调入仓库不能相同', en: 'A transfer needs two different warehouses' },
  REASON_REQUIRED: { zh: '请填写调整原因', en: 'A reason is required' },
  DUPLICATE_ORDER_LINE: { zh: '订单行 {orderLineId} 重复出现', en: 'Order line {orderLineId} appears more than once' },
  INVALID_QUANTITY: { zh: '数量必须是 1 到 10000000 之间的整数（{path}）', en: 'Quantity must be a whole number from 1 to 10000000 ({path})' },
});

registerMessages({
  DUPLICATE_SKU: { zh: 'SKU {skuId} 重复出现，请合并为一行', en: 'SKU {skuId} appears more than once; merge it into one line' },
  UNKNOWN_SKU: { zh: 'SKU 不存在：{ids}', en: 'No such SKU: {ids}' },
});
