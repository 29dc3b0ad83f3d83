/**
 * Money is integer fen (分). The one rounding rule: half away from zero, applied once, here.
 */
export type Fen = number;

/** fen × basis points / 10000, rounded half away from zero. 10000 bp = 100%. */
export function applyBasisPoints(fen: Fen, basisPoints: number): Fen {
  assertInt(fen, 'fen');
  assertInt(basisPoints, 'basisPoints');
  return roundDiv(fen * basisPoints, 10_000);
}

/** Integer division a / b rounded half away from zero (b > 0). */
export function roundDiv(a: number, b: number): number {
  const q = Math.floor(Math.abs(a) / b);
  const r = Math.abs(a) - q * b;
  const rounded = r * 2 >= b ? q + 1 : q;
  return a < 0 ? -rounded : rounded;
}

/** Line total: unit price in fen × integer quantity, checked against the safe integer range. */
export function lineTotal(unitFen: Fen, qty: number): Fen {
  assertInt(unitFen, 'unitFen');
  assertInt(qty, 'qty');
  const total = unitFen * qty;
  if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  return total;
}

export function sumFen(values: Fen[]): Fen {
  return values.reduce((a, b) => a + b, 0);
}

/** 12345 → "123.45" (for documents and exports; the web formats with Intl). */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "123.45" or 123.45 (yuan) → 12345 fen, exact; rejects more than two decimals. */
export function parseYuan(input: string | number): Fen | null {
  const s = String(input).trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}

function assertInt(n: number, name: string) {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be a safe integer, got ${n}`);
}

/** ⌊amount × part / whole⌋ in exact integers (the product may pass 2^53): a pro-rata share rounded down. */
export function proRataFloor(amount: Fen, part: number, whole: number): Fen {
  assertInt(amount, 'amount');
  assertInt(part, 'part');
  assertInt(whole, 'whole');
  if (whole <= 0) throw new RangeError('whole must be positive');
  return Number((BigInt(amount) * BigInt(part)) / BigInt(whole));
}
