/** Server-side message catalog for error codes and notifications, zh-CN first, en second. */
export type Locale = 'zh-CN' | 'en';
export interface Message {
  zh: string;
  en: string;
}

const catalog = new Map<string, Message>();

/** Each module registers the messages of its own codes once, at import time. */
export function registerMessages(messages: Record<string, Message>): void {
  for (const [code, m] of Object.entries(messages)) catalog.set(code, m);
}

/** Picks the locale from an Accept-Language header: English if it is preferred, else Chinese. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** Every registered code with its messages (the message-registry test scans them). */
export function registeredMessages(): [string, Message][] {
  return [...catalog.entries()];
}

const isMessage = (v: unknown): v is Message =>
  typeof v === 'object' && v !== null && typeof (v as Message).zh === 'string' && typeof (v as Message).en === 'string';

/**
 * Formats a message, replacing {name} with params.name; a param that is a `{ zh, en }` pair is
 * put in the locale's wording (e.g. the entity of NOT_FOUND). Unknown codes fall back to the code.
 */
export function t(code: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const m = catalog.get(code);
  const template = m ? (locale === 'en' ? m.en : m.zh) : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return `{${k}}`;
    return isMessage(v) ? (locale === 'en' ? v.en : v.zh) : String(v);
  });
}

/**
 * A name given in both languages as "中文 / english" (the form entity names take across the
 * modules, e.g. '订单 / order') as a `{ zh, en }` pair; a name without " / " is used for both.
 */
export function bilingual(name: string | Message): Message {
  if (typeof name !== 'string') return name;
  const i = name.indexOf(' / ');
  return i < 0 ? { zh: name, en: name } : { zh: name.slice(0, i).trim(), en: name.slice(i + 3).trim() };
}

registerMessages({
  VALIDATION: { zh: '请求参数有误，请按提示修改后重试', en: 'Some fields are invalid; correct them and try again' },
  INVALID_JSON: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大', en: 'The request body is too large' },
  NOT_FOUND: { zh: '{entity}不存在或无权访问', en: '{entity} not found' },
  ROUTE_NOT_FOUND: { zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { zh: '当前账号没有权限执行此操作', en: 'Your account is not allowed to do this' },
  CONFLICT: { zh: '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  INTERNAL: { zh: '服务器内部错误，请稍后再试', en: 'Internal server error; try again later' },
  BAD_REQUEST: { zh: '请求无效，请检查后重试', en: 'The request is not valid; check it and try again' },
});
