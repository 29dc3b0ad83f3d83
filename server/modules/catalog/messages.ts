import { registerMessages } from '../../lib/i18n';

/** Error messages of the catalog (zh-CN first). */
registerMessages({
  CATEGORY_NAME_TAKEN: { zh: '同一级下已有名为“{name}”的分类', en: 'A sibling category is already named "{name}"' },
  CATEGORY_CYCLE: { zh: '不能把分类移动到它自己或它的下级分类下', en: 'A category cannot be moved under itself or one of its descendants' },
  CATEGORY_IN_USE: {
    zh: '该分类下还有 {children} 个子分类、{products} 个商品，请先移走后再删除',
    en: 'The category still has {children} subcategories and {products} products; move them first',
  },
  BRAND_NAME_TAKEN: { zh: '品牌“{name}”已存在', en: 'The brand "{name}" already exists' },
  BRAND_IN_USE: { zh: '该品牌仍被 {products} 个商品使用，请先调整后再删除', en: 'The brand is still used by {products} products; change them first' },
  SKU_CODE_TAKEN: { zh: 'SKU 编码 {code} 已被使用', en: 'The SKU code {code} is already used' },
  SKU_CODE_DUPLICATE: { zh: 'SKU 编码 {code} 在本次提交中重复', en: 'The SKU code {code} appears more than once' },
  SKU_UNIT_INVALID: { zh: '销售单位有误：{reason}', en: 'Selling units are invalid: {reason}' },
  SKU_REQUIRED: { zh: '商品至少需要一个 SKU', en: 'A product needs at least one SKU' },
  PRICE_RANGE_INVALID: { zh: '最低价不能高于最高价', en: 'The minimum price cannot be above the maximum price' },
  IMAGE_NOT_ALLOWED: { zh: '图片须为 JPG、PNG 或 WebP 格式（按文件内容检查）', en: 'Images must be JPG, PNG or WebP (checked by content)' },
  IMAGE_TOO_LARGE: { zh: '图片不能超过 {mb} MB', en: 'Images must be at most {mb} MB' },
  IMAGE_LIMIT: { zh: '每个商品最多 {max} 张图片', en: 'A product can have at most {max} images' },
  IMAGE_REQUIRED: { zh: '请选择要上传的图片', en: 'Choose an image to upload' },
  PAGE_TOO_DEEP: { zh: '最多只能翻到第 {max} 条结果，请缩小搜索范围', en: 'Results beyond the first {max} are not available; narrow the search' },
});

registerMessages({
  IMPORT_BAD_FILE: { zh: '文件不是有效的 Excel（.xlsx / .xls）或 CSV（UTF-8 或 GBK）文件', en: 'The file is not a valid Excel (.xlsx / .xls) or CSV (UTF-8 or GBK) file' },
  IMPORT_NO_HEADER: { zh: '找不到表头：第一行需要包含“商品名称”“SKU编码”“基础价(元)”列', en: 'No header row: the first row needs the "商品名称", "SKU编码" and "基础价(元)" columns' },
  IMPORT_EMPTY: { zh: '文件中没有商品行', en: 'The file has no product rows' },
  IMPORT_TOO_MANY: { zh: '一次最多导入 {max} 行', en: 'At most {max} rows per import' },
  IMPORT_ROWS_INVALID: { zh: '有 {count} 处错误，未导入任何数据，请按行号修改后重新导入', en: '{count} problems found; nothing was imported. Fix the rows listed and import again' },
});

registerMessages({
  SYNONYM_WORDS_TOO_FEW: { zh: '同义词组至少需要两个不同的词', en: 'A synonym group needs at least two different words' },
  SYNONYM_LIMIT: { zh: '同义词组最多 {max} 组，请先删除不用的', en: 'At most {max} synonym groups; delete unused ones first' },
  SYNONYM_IMPORT_EMPTY: { zh: '文件中没有同义词行（第一列填写用 | 分隔的词）', en: 'The file has no synonym rows (words separated by | in the first column)' },
});
