/** Money arrives as integer fen; it is formatted here and only here. */
export function fen(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const yuan = Math.floor(abs / 100).toLocaleString('zh-CN');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Yuan typed by a person ("12.5") → fen (1250); null if not a valid amount. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(input).trim());
  if (!m) return null;
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

const tz = 'Asia/Shanghai';
/** Times are stored in UTC and shown in the supplier's time zone. */
export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('zh-CN', { timeZone: tz, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
export function date(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleDateString('zh-CN', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/**
 * A discount off a price, given in basis points off (1200 = 12% off), said the way each language
 * says it: in Chinese as 折, the share that is paid (1200 → "88折", 1000 → "9折", 1250 → "87.5折"),
 * in English as "12% off". No discount is "—".
 */
export function discount(bp: number | null | undefined, lang: string): string {
  if (bp == null || bp <= 0) return '—';
  if (lang === 'en') return `${(bp / 100).toLocaleString('en', { maximumFractionDigits: 2 })}% off`;
  const paid = (10_000 - bp) / 100; // percent paid, e.g. 88
  const zhe = paid % 10 === 0 ? paid / 10 : paid;
  return `${zhe.toLocaleString('zh-CN', { maximumFractionDigits: 2, useGrouping: false })}折`;
}
