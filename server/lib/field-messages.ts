import type { Locale } from './i18n';

/**
 * The wording of a field problem in `error.details` (400 VALIDATION), in the caller's language,
 * Chinese first. One place for every route: the error handler passes each zod issue (and the
 * FieldIssue lists services throw) through here, so schemas keep short English messages and a
 * Chinese caller reads "最多 64 个字符", never "Too big: expected string to have <=64 characters".
 *
 * Structured issues (too long, too small, wrong type, not one of the options, unknown field) are
 * worded from their numbers; free-text messages written in schemas (refine, regex) go through
 * PHRASES; an English phrase not listed there is kept in brackets after a Chinese summary, so
 * nothing is lost while the list catches up (field-messages.test.ts lists the phrases missing
 * from it and fails when more than a few are).
 */

/** What zod says about one field: its code and the code's parameters (as Fastify passes them on). */
export interface FieldProblem {
  code?: string;
  message: string;
  params?: Record<string, unknown>;
}

const TYPE_ZH: Record<string, string> = {
  string: '文字', number: '数字', int: '整数', bigint: '整数', boolean: '是或否（true / false）', array: '列表', object: '对象', date: '日期',
  null: '空值', undefined: '不填', nan: '数字', literal: '指定值', enum: '指定选项',
};

/** Schema phrases → Chinese ($1… are the phrase's captured parts). Add one when a schema adds a phrase. */
export const PHRASES: [RegExp, string][] = [
  [/^required$/, '必填'],
  [/^one parcel per warehouse$/, '每个仓库只能填写一个包裹'],
  [/^(?:must be )?an? whole number$|^must be a whole number$|^whole number$/, '必须是整数'],
  [/^a whole number ≥ (\d+)$/, '必须是不小于 $1 的整数'],
  [/^must be a whole number of days$/, '必须是整数天数'],
  [/^must not be negative$/, '不能为负数'],
  [/^must not be 0$/, '不能为 0'],
  [/^must be greater than 0$/, '必须大于 0'],
  [/^at least 1$/, '至少为 1'],
  [/^must be a positive integer id$/, '必须是正整数编号'],
  [/^id too large$/, '编号过大'],
  [/^an image id$/, '必须是图片编号'],
  [/^must be (?:a positive |an )?integer amount in fen \(分\)$/, '金额必须是以分为单位的整数'],
  [/^must be a positive integer amount in fen \(分\)$/, '金额必须是以分为单位的正整数'],
  [/^quantity too large$/, '数量过大'],
  [/^amount too large$/, '金额过大'],
  [/^at most (\d+) characters$/, '最多 $1 个字符'],
  [/^at least (\d+) characters$/, '至少 $1 个字符'],
  [/^at most (\d+) rows per request$/, '每次最多 $1 行'],
  [/^at most (\d+) (tags|parameters|selling units|provinces|SKUs|SKU ids|spec names)$/, '最多 $1 项'],
  [/^(?:add )?at least one (line|row|topic|status|scope|SKU|SKU id)$/, '至少需要一项'],
  [/^not a real date$/, '不是有效日期'],
  [/^a date (?:YYYY-MM-DD|like \d{4}-\d{2}-\d{2})$/, '日期格式应为 YYYY-MM-DD，如 2026-12-31'],
  [/^must be a month like \d{4}-\d{2}$/, '月份格式应为 YYYY-MM，如 2026-11'],
  [/^(?:not )?an? email address$/, '邮箱格式不正确'],
  [/^not an email address$/, '邮箱格式不正确'],
  [/^not a URL$/, '网址格式不正确'],
  [/^a phone number: .*$/, '电话号码只能包含数字、+ - ( ) 和空格，5–20 个字符'],
  [/^a 6-digit postcode$/, '邮编须为 6 位数字'],
  [/^a bank account number$/, '银行账号格式不正确'],
  [/^a taxpayer id .*$/, '税号（统一社会信用代码）须为 15–20 位数字或大写字母'],
  [/^letters, digits, - and _ only$/, '只能包含字母、数字、- 和 _'],
  [/^letters, digits(?:,| and) _ \. @ - only$/, '只能包含字母、数字和 _ . @ -'],
  [/^letters, digits, - _ \. only, starting with a letter or digit$/, '只能包含字母、数字和 - _ .，并以字母或数字开头'],
  [/^lowercase letters, digits, _$/, '只能包含小写字母、数字和 _'],
  [/^printable ASCII without spaces$/, '只能包含英文字母、数字和符号，不能有空格'],
  [/^a quantity break starts at 1 or more$/, '阶梯数量须从 1 或以上开始'],
  [/^a discount cannot exceed 100% .*$/, '折扣不能超过 100%'],
  [/^a discount cannot be negative$/, '折扣不能为负数'],
  [/^discount in basis points: .*$/, '折扣以万分比表示：0 到 10000 的整数（10000 = 100%）'],
  [/^unexpected file; send it as "([^"]+)"$/, '多余的文件，请用字段“$1”上传'],
  [/^contains control characters$/, '含有控制字符，请删除'],
  [/^unknown (warehouse|category|brand|tier|customer|SKU)$/, '不存在，请重新选择'],
  [/^send either rows or text$/, '请只提供表格行或粘贴文本其中一种'],
  [/^duplicate code$/, '编码重复'],
  [/^already used$|^taken$/, '已被占用，请换一个'],
  [/^a selling unit other than the base unit needs a factor above 1$/, '基本单位以外的销售单位，换算数量须大于 1'],
  [/^not a SKU of this product$/, '不是本商品的 SKU'],
  [/^not an image of this product$/, '不是本商品的图片'],
  [/^not an? (?:active )?sales rep$/, '不是在职的业务员'],
  [/^required for a special VAT invoice \(专票\)$/, '开增值税专用发票（专票）时必填'],
  [/^must be http:\/\/ or https:\/\/$/, '必须以 http:// 或 https:// 开头'],
  [/^required for a tier or company rule$/, '按等级或按客户设置时必填'],
  [/^required for a (tier|customer) price list$/, '等级价目表或客户价目表必填'],
  [/^a tier price list has no customer$/, '等级价目表不能指定客户'],
  [/^a customer price list has no tier$/, '客户价目表不能指定等级'],
  [/^must be after validFrom$/, '必须晚于生效日期'],
  [/^all breaks of one SKU must be fixed prices or all discounts$/, '同一 SKU 的阶梯须全部是固定价或全部是折扣'],
  [/^the MOQ must be a multiple of the order multiple$/, '起订量须是订购倍数的整数倍'],
  [/^give either fixedPrice \(fen\) or discountBp, not both$/, '固定价和折扣只能填一个'],
  [/^from must not be after to$/, '开始日期不能晚于结束日期'],
  [/^at most (\d+) years$/, '最长 $1 年'],
  [/^at most (\d+) days$/, '最多 $1 天'],
  [/^at least (\d+) days?$/, '至少 $1 天'],
  [/^at most (\d+) lines$/, '最多 $1 行'],
  [/^at most (\d+) levels$/, '最多 $1 级'],
  [/^at most (\d+)(?: \(free\))?$/, '最多 $1'],
  [/^at least (\d+) \(([^)]+)\)$/, '至少 $1（$2）'],
  [/^less than (\d+) \(([^)]+)\)$/, '必须小于 $1（$2）'],
  [/^at least one [a-z ]+$/, '至少需要一项'],
  [/^at least two products$/, '至少需要两个商品'],
  [/^too large$/, '过大'],
  [/^more than 0$|^a threshold above 0$/, '必须大于 0'],
  [/^from the (\d+)(?:st|nd|rd|th) item$/, '从第 $1 件起'],
  [/^amountOff for an amount coupon, discountBp for a percent coupon$/, '满减券填减免金额（amountOff），折扣券填折扣（discountBp）'],
  [/^give validTo or validDays$/, '请填写截止日期或有效天数'],
  [/^name customers or tiers$/, '请指定客户或客户等级'],
  [/^choose at least one product$/, '请至少选择一个商品'],
  [/^at most (\d+) products at a time$/, '每次最多 $1 个商品'],
  [/^at least (\d+) hours?$/, '至少 $1 小时'],
  [/^at most (\d+) hours \((\d+) days\)$/, '最多 $1 小时（$2 天）'],
  [/^at most (\d+) (aliases|words|breaks)$/, '最多 $1 项'],
  [/^at least two words$/, '至少需要两个词'],
  [/^a built-in group key such as (\S+)$/, '内置同义词组的编号，如 $1'],
  [/^a date such as (\d{4}-\d{2}-\d{2})$/, '日期格式应为 YYYY-MM-DD，如 $1'],
  [/^not negative$/, '不能为负数'],
  [/^not 0$/, '不能为 0'],
  [/^at most (\d+) \((\d+%)\)$/, '最多 $1（$2）'],
  [/^a period such as (\S+)$/, '期间格式如 $1（按年 2026、按季度 2026Q4、按月 2026-11）'],
  [/^at least (\d+) fen$/, '至少 $1 分'],
  [/^at most (\d+) fen$/, '最多 $1 分'],
  [/^the token from the e-mail link$/, '请使用邮件中链接里的令牌'],
  [/^a cursor from an earlier page, or 0$/, '应为上一页返回的游标，首次请填 0'],
  [/^comma-separated topic prefixes: (.+)$/, '以逗号分隔的主题前缀：$1'],
  [/^must be an id$/, '必须是编号'],
  [/^letters only$/, '只能包含字母'],
  [/^letters and digits only$/, '只能包含字母和数字'],
  [/^at most (\d+) filters$/, '最多 $1 个筛选条件'],
];

/** A schema phrase in Chinese, or null when PHRASES does not know it. */
export function phraseZh(message: string): string | null {
  for (const [re, zh] of PHRASES) if (re.test(message)) return message.replace(re, zh);
  return null;
}

const num = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : String(v ?? ''));

/** A structured zod issue in Chinese from its numbers, or null for free-text ones (custom, regex). */
function structuredZh(code: string | undefined, p: Record<string, unknown>, english: string): string | null {
  const origin = p.origin as string | undefined;
  switch (code) {
    case 'invalid_type':
      if (/received undefined$/.test(english)) return '必填';
      return `应为${TYPE_ZH[String(p.expected)] ?? String(p.expected)}`;
    case 'too_big':
      if (origin === 'string') return `最多 ${num(p.maximum)} 个字符`;
      if (origin === 'array' || origin === 'set') return `最多 ${num(p.maximum)} 项`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') return p.inclusive === false ? `必须小于 ${num(p.maximum)}` : `不能大于 ${num(p.maximum)}`;
      return `过大（最大 ${num(p.maximum)}）`;
    case 'too_small':
      if (origin === 'string') return Number(p.minimum) <= 1 ? '不能为空' : `至少 ${num(p.minimum)} 个字符`;
      if (origin === 'array' || origin === 'set') return `至少 ${num(p.minimum)} 项`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') return p.inclusive === false ? `必须大于 ${num(p.minimum)}` : `不能小于 ${num(p.minimum)}`;
      return `过小（最小 ${num(p.minimum)}）`;
    case 'invalid_value':
      return `只能是以下之一：${(Array.isArray(p.values) ? p.values : []).map((v) => String(v)).join(' / ')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${(Array.isArray(p.keys) ? p.keys : []).join('、')}，请去掉`;
    case 'not_multiple_of':
      return `必须是 ${num(p.divisor)} 的倍数`;
    case 'invalid_union':
      return '格式不正确';
    case 'invalid_key':
    case 'invalid_element':
      return '其中有无效的值';
    case 'invalid_format':
      if (p.format === 'email') return '邮箱格式不正确';
      if (p.format === 'url') return '网址格式不正确';
      if (p.format === 'date' || p.format === 'datetime') return '日期格式不正确';
      return null;
    default:
      return null;
  }
}

/** zod's own English wording starts like this; a schema's own message does not. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Expected|Required)/;

/**
 * One field problem in the caller's language. zh: a schema's own phrase translated (PHRASES),
 * else the structured wording, else a Chinese summary with the English in brackets. en: the
 * schema's own English, or zod's.
 */
export function fieldMessage(problem: FieldProblem, locale: Locale): string {
  if (locale === 'en') return problem.message;
  const own = !ZOD_DEFAULT.test(problem.message);
  const phrase = own ? phraseZh(problem.message) : null;
  if (phrase) return phrase;
  const structured = structuredZh(problem.code, problem.params ?? {}, problem.message);
  // a schema's own message carries the rule (regex, refine); its numbers are in the structured wording
  if (structured && !(own && (problem.code === 'invalid_format' || problem.code === 'custom'))) return structured;
  if (/[\u4e00-\u9fff]/.test(problem.message)) return problem.message; // already Chinese (first)
  return `格式不正确（${problem.message}）`;
}
