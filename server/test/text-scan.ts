/**
 * Finds internal codes and untranslated English in Chinese UI text and messages (and Chinese
 * chrome in English UI). Used by the browser text scan (e2e/zh-text.spec.ts) over every route and
 * by the message-registry test (server/lib/messages-zh.test.ts); its own test plants strings.
 */

export type FindingRule = 'code' | 'english' | 'chinese';
export interface Finding {
  rule: FindingRule;
  token: string;
  /** A few characters around the token, to find it on the page. */
  context: string;
}

/**
 * Latin words a Chinese screen may show: brand and product names, units, file formats and
 * acronyms Chinese users write in Latin letters. Never a status, event, role or other code.
 */
export const ZH_ALLOWED_WORDS: ReadonlySet<string> = new Set([
  // the product and its parts
  'Ordo',
  // units (a quantity with its unit written apart: "80 mm", "1.5 L")
  'ml', 'mL', 'L', 'kg', 'g', 'mm', 'cm', 'km',
  // file formats, identifiers and protocols Chinese users write as is
  'Excel', 'WebP', 'Webhook',
  // payment providers and brands
  'WeChat', 'Alipay',
]);

/**
 * Code families the UI must never show raw (in any letter case), whatever the allow-list says.
 * Words in capitals are otherwise acronyms or codes a Chinese screen shows as they are (SKU, CSV,
 * API, ERP, GB 7099, the warehouse code HZ, the brand code NFSQ).
 */
export const KNOWN_CODES: ReadonlySet<string> = new Set([
  // roles
  'admin', 'sales', 'warehouse', 'finance', 'customer_admin', 'customer_buyer',
  // order statuses and events
  'awaiting_approval', 'pending_review', 'pending_finance', 'awaiting_payment', 'pending_outbound', 'picking', 'partially_shipped',
  'shipped', 'delivered', 'completed', 'rejected', 'cancelled', 'submit', 'customer_approve', 'customer_reject', 'route', 'auto_approve',
  'approve', 'reject', 'finance_approve', 'finance_reject', 'payment_confirmed', 'grant_credit', 'outbound_approve', 'outbound_reject',
  'ship_part', 'ship_complete', 'confirm_receipt', 'auto_deliver', 'complete', 'cancel', 'modify', 'mark_urgent', 'unmark_urgent',
  // payments
  'online', 'transfer', 'balance', 'credit', 'cod', 'prepay', 'pending', 'succeeded', 'closed', 'unpaid', 'partially_paid', 'paid',
  'partially_refunded', 'refunded', 'topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment', 'issued', 'confirmed', 'disputed',
  // stock
  'receipt', 'shipment', 'transfer_out', 'transfer_in', 'return', 'stocktake', 'opening', 'purchase_order', 'counting', 'posted', 'draft', 'ordered',
  'partially_received', 'received', 'exact', 'levels', 'hidden',
  // sorting and misc
  'newest', 'relevance', 'price_asc', 'price_desc', 'sales_desc',
]);

for (const w of ZH_ALLOWED_WORDS) if (KNOWN_CODES.has(w.toLowerCase())) throw new Error(`allow-list holds a code: ${w}`);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function contextOf(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 12), index + length + 12).replace(/\s+/g, ' ').trim();
}

/** Text with e-mail addresses and URLs blanked out: they are data, not wording. */
function withoutAddresses(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (m) => ' '.repeat(m.length))
    .replace(/\bhttps?:\/\/\S+/g, (m) => ' '.repeat(m.length))
    .replace(/(^|\s)\/(?:api|admin)\/\S*/g, (m) => ' '.repeat(m.length));
}

/**
 * Codes and English words in text meant to be Chinese: snake_case or SCREAMING_CASE codes,
 * known codes, and Latin-letter words not in the allow-list. Tokens holding a digit (SKU codes,
 * order numbers, "550ml", "A4") and single letters are not words. `allow` adds words (e.g. data).
 */
export function findUntranslated(text: string, allow: Iterable<string> = []): Finding[] {
  const extra = new Set(allow);
  const clean = withoutAddresses(text);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const add = (rule: FindingRule, token: string, index: number) => {
    const key = `${rule}:${token}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ rule, token, context: contextOf(text, index, token.length) });
  };
  // An alphanumeric token (with _), not glued to other alphanumerics or hyphenated code parts.
  for (const m of clean.matchAll(/[A-Za-z0-9_]+(?:[-'’][A-Za-z0-9_]+)*/g)) {
    const token = m[0];
    const index = m.index ?? 0;
    if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(token) || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(token)) {
      add('code', token, index);
      continue;
    }
    if (/\d/.test(token)) continue; // SKU codes, numbers, 550ml, A4, SO20261125-0001
    if (clean[index - 1] === '.' && /^[a-z]{2,5}$/.test(token)) continue; // a file extension: .xlsx
    if (/^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$/.test(token)) continue; // an HTTP header name: Idempotency-Key
    for (const part of token.split(/[-'’]/)) {
      if (part.length === 0) continue;
      if (KNOWN_CODES.has(part.toLowerCase())) {
        add('code', part, index);
        continue;
      }
      if (part.length < 2 || ZH_ALLOWED_WORDS.has(part) || extra.has(part)) continue;
      if (/^[A-Z]+$/.test(part)) continue; // an acronym or a code in capitals
      add('english', part, index);
    }
  }
  return out;
}

/** Chinese characters in text meant to be English (UI chrome only: data may well be Chinese). */
export function findChinese(text: string): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+/g)) {
    if (!CJK.test(m[0]) && !/[，。：；！？（）【】]/.test(m[0])) continue;
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ rule: 'chinese', token: m[0], context: contextOf(text, m.index ?? 0, m[0].length) });
  }
  return out;
}

/** One line per finding, for an assertion message. */
export function describeFindings(where: string, findings: Finding[]): string[] {
  return findings.map((f) => `${where}: ${f.rule} "${f.token}" in "${f.context}"`);
}
