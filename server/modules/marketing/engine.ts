import { roundDiv } from '../../lib/money';

/**
 * The promotions-and-coupons step of the one pricing pipeline: base → tier / customer / contract
 * price (pricing's resolvePrices) → promotions → coupons → total. Pure: apply.ts loads the data.
 *
 * How one set of promotions is applied (evaluate):
 *   1. line promotions (特价, 第N件, 组合价), highest priority first (then lower id): a line takes at
 *      most one line promotion — the first that gives it something;
 *   2. order promotions (满减, 满折, 买赠), in the same order, each on the amounts left after the
 *      steps before (a 满减 threshold counts the eligible lines after their line discounts);
 *   3. the coupon, on the amounts left, if every promotion applied allows coupons.
 * The best combination (best): every exclusive promotion alone, all stackable promotions
 * together, and (when a coupon may be used) the stackable ones that allow coupons, each with
 * every coupon the buyer may use (or the one chosen) and with none; the
 * buyer gets the candidate with the largest benefit (discounts plus gifts at their base price);
 * ties go to the candidate without a coupon (the coupon stays in the wallet), then to the one
 * whose leading promotion has the higher priority (then lower id), then the coupon that expires
 * first. A discount over several lines is spread in proportion to their amounts with
 * largest-remainder rounding, so the fen shares sum exactly to it.
 * Limits: the units (or budget) left of a limited promotion cap what it gives; per-order units
 * cap a line promotion; a customer at the per-customer limit gets none of it.
 */
export type Basis = 'amount' | 'qty';
export type PromotionRule =
  | { kind: 'threshold_off'; basis: Basis; levels: { threshold: number; off: number }[]; repeat?: boolean }
  | { kind: 'threshold_discount'; basis: Basis; levels: { threshold: number; discountBp: number }[] }
  | { kind: 'gift'; basis: Basis; levels: { threshold: number; giftQty: number }[]; giftSkuId: number; repeat?: boolean }
  | { kind: 'special_price'; items: { skuId: number; price: number }[] }
  | { kind: 'nth_item'; nth: number; discountBp: number }
  | { kind: 'bundle'; items: { skuId: number; qty: number }[]; price: number };
export type PromotionKind = PromotionRule['kind'];

export interface Scope { categoryIds?: number[]; brandIds?: number[]; skuIds?: number[] }
export interface Audience { tierIds?: number[]; provinces?: string[]; companyIds?: number[] }

export interface Promotion {
  id: number;
  name: string;
  rule: PromotionRule;
  scope: Scope;
  exclusive: boolean;
  withCoupons: boolean;
  withContractPrices: boolean;
  priority: number;
  /** units (line promotions: discounted units; gifts: gift units; order promotions: orders) left, null = unlimited */
  qtyLeft: number | null;
  /** fen of budget left, null = unlimited */
  budgetLeft: number | null;
  perOrderQty: number | null;
  perCustomer: number | null;
  /** this customer's uses so far (only counted when perCustomer is set) */
  customerUses: number;
  /** gift SKU's base price (values the gift when comparing combinations) */
  giftValue?: number;
}

export interface Coupon {
  id: number;
  name: string;
  kind: 'amount' | 'percent';
  amountOff: number | null;
  discountBp: number | null;
  maxOff: number | null;
  threshold: number;
  scope: Scope;
  validTo: number;
}

export interface Line {
  ref: number;
  skuId: number;
  qty: number;
  /** fen per base unit after tier / customer / contract price */
  unitPrice: number;
  /** priced by a customer or tier price list (a contract price) */
  contract: boolean;
  /** the SKU's category and its ancestors */
  categoryIds: number[];
  brandId: number | null;
}

export type NotAppliedReason = 'BELOW_THRESHOLD' | 'NO_LINES' | 'SOLD_OUT' | 'CUSTOMER_LIMIT' | 'NOT_COMBINED' | 'COUPON_BLOCKED' | 'COUPON_BELOW_THRESHOLD';

export interface Application {
  promotionId: number | null;
  couponId: number | null;
  kind: PromotionKind | 'coupon';
  name: string;
  amount: number;
  /** units counted against the promotion's quantity limit */
  qty: number;
  shares: { ref: number; amount: number }[];
  gift?: { skuId: number; qty: number };
  detail: string;
  /** for order promotions: the next level and what it takes ("再买 ¥X 可享…") */
  next?: { short: number; basis: Basis; level: number };
}

export interface Outcome {
  promotionId: number | null;
  couponId: number | null;
  name: string;
  reason: NotAppliedReason;
  /** how much is missing (fen or units) for BELOW_THRESHOLD */
  short?: number;
  basis?: Basis;
  /** the level missed: its threshold and what it gives */
  level?: { threshold: number; off?: number; discountBp?: number; giftQty?: number };
  /** the promotion it could not be combined with */
  with?: string;
}

export interface Evaluation {
  applications: Application[];
  notApplied: Outcome[];
  discount: number;
  giftValue: number;
  lineDiscount: Map<number, number>;
}

const isLineKind = (k: PromotionKind) => k === 'special_price' || k === 'nth_item' || k === 'bundle';
const byPriority = (a: Promotion, b: Promotion) => b.priority - a.priority || a.id - b.id;

export function inScope(scope: Scope, l: Pick<Line, 'skuId' | 'categoryIds' | 'brandId'>): boolean {
  const any = (xs?: unknown[]) => !!xs && xs.length > 0;
  if (!any(scope.categoryIds) && !any(scope.brandIds) && !any(scope.skuIds)) return true;
  return !!(scope.skuIds?.includes(l.skuId) || (l.brandId != null && scope.brandIds?.includes(l.brandId)) || l.categoryIds.some((c) => scope.categoryIds?.includes(c)));
}

/** Spreads `total` fen over weights (all ≥ 0) in proportion, largest remainder first; the shares sum to total exactly. */
export function spread(total: number, weights: { ref: number; w: number }[]): { ref: number; amount: number }[] {
  let sum = 0;
  let max = 0;
  for (const x of weights) {
    sum += x.w;
    if (x.w > max) max = x.w;
  }
  if (total <= 0 || sum === 0) return weights.map((x) => ({ ref: x.ref, amount: 0 }));
  // whole numbers stay exact below 2^53: BigInt only when total × weight could pass it
  const exact = Number.isSafeInteger(total * max) && Number.isSafeInteger(sum);
  const parts = weights.map((x, i) => {
    if (exact) {
      const num = total * x.w;
      const amount = Math.floor(num / sum);
      return { i, ref: x.ref, amount, rem: num - amount * sum };
    }
    const num = BigInt(total) * BigInt(x.w);
    const S = BigInt(sum);
    return { i, ref: x.ref, amount: Number(num / S), rem: Number(num % S) };
  });
  let left = total;
  for (const p of parts) left -= p.amount;
  if (left > 0) {
    for (const p of [...parts].sort((a, b) => b.rem - a.rem || a.i - b.i)) {
      if (left <= 0) break;
      p.amount += 1;
      left -= 1;
    }
  }
  return parts.map((p) => ({ ref: p.ref, amount: p.amount }));
}

/** bp off an amount, rounded half away from zero (exact for amounts past 2^53 / 10000 too). */
export const bpOf = (amount: number, bp: number) => (Number.isSafeInteger(amount * bp) ? roundDiv(amount * bp, 10_000) : Number((BigInt(amount) * BigInt(bp) * 2n + 10_000n) / 20_000n));

const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`;
const zhe = (bp: number) => `${(10_000 - bp) / 1000}折`;

/** The short human text of a rule level ("满 ¥1000 减 ¥50"), used in details and hints. */
export function levelText(rule: PromotionRule, level: { threshold: number; off?: number; discountBp?: number; giftQty?: number }): string {
  const t = 'basis' in rule && rule.basis === 'qty' ? `${level.threshold} 件` : yuan(level.threshold);
  if (level.off != null) return `满 ${t} 减 ${yuan(level.off)}`;
  if (level.discountBp != null) return `满 ${t} 打 ${zhe(level.discountBp)}`;
  return `满 ${t} 赠 ${level.giftQty} 件`;
}

interface Work { line: Line; amount: number; lineTaken: boolean }

interface PromoState {
  work: Work[];
  applications: Application[];
  notApplied: Outcome[];
  promotions: Promotion[];
}

/** Applies one set of promotions (and maybe one coupon) to the lines: see the rule at the top. */
export function evaluate(lines: Line[], promotions: Promotion[], coupon: Coupon | null): Evaluation {
  return withCoupon(runPromotions(lines, promotions), coupon);
}

/** Steps 1 and 2 of the rule: the promotions of one set, on the lines. */
function runPromotions(lines: Line[], promotions: Promotion[], scopes: Map<Promotion, boolean[]> = new Map()): PromoState {
  const work: Work[] = lines.map((line) => ({ line, amount: line.unitPrice * line.qty, lineTaken: false }));
  const byRef = new Map(work.map((w) => [w.line.ref, w]));
  const applications: Application[] = [];
  const notApplied: Outcome[] = [];
  // which lines a promotion may touch depends on the lines alone: worked out once per promotion for all the sets compared
  const takes = (p: Promotion) => {
    let m = scopes.get(p);
    if (!m) scopes.set(p, (m = lines.map((l) => inScope(p.scope, l) && (p.withContractPrices || !l.contract))));
    return m;
  };
  const eligible = (p: Promotion) => {
    const m = takes(p);
    return work.filter((w, i) => m[i] && w.amount > 0);
  };
  const sorted = [...promotions].sort(byPriority);
  const take = (shares: { ref: number; amount: number }[]) => {
    for (const s of shares) byRef.get(s.ref)!.amount -= s.amount;
  };
  const capBudget = (p: Promotion, amount: number) => (p.budgetLeft == null ? amount : Math.min(amount, p.budgetLeft));
  const usable: Promotion[] = [];
  for (const p of sorted) {
    if (p.perCustomer != null && p.customerUses >= p.perCustomer) notApplied.push({ promotionId: p.id, couponId: null, name: p.name, reason: 'CUSTOMER_LIMIT' });
    else if ((p.qtyLeft != null && p.qtyLeft <= 0) || (p.budgetLeft != null && p.budgetLeft <= 0)) notApplied.push({ promotionId: p.id, couponId: null, name: p.name, reason: 'SOLD_OUT' });
    else usable.push(p);
  }

  // 1. line promotions
  for (const p of usable.filter((x) => isLineKind(x.rule.kind))) {
    const app = lineApplication(p, eligible(p).filter((w) => !w.lineTaken));
    if (!app) {
      notApplied.push({ promotionId: p.id, couponId: null, name: p.name, reason: 'NO_LINES' });
      continue;
    }
    app.amount = capBudget(p, app.amount);
    app.shares = trimShares(app.shares, app.amount);
    take(app.shares);
    for (const s of app.shares) byRef.get(s.ref)!.lineTaken = true;
    applications.push(app);
  }

  // 2. order promotions
  for (const p of usable.filter((x) => !isLineKind(x.rule.kind))) {
    const rule = p.rule as Extract<PromotionRule, { basis: Basis }>;
    const el = eligible(p);
    if (el.length === 0) {
      notApplied.push({ promotionId: p.id, couponId: null, name: p.name, reason: 'NO_LINES' });
      continue;
    }
    const eligibleAmount = el.reduce((a, w) => a + w.amount, 0);
    const base = rule.basis === 'qty' ? el.reduce((a, w) => a + w.line.qty, 0) : eligibleAmount;
    const levels = [...rule.levels].sort((a, b) => a.threshold - b.threshold);
    const reached = levels.filter((l) => l.threshold <= base).pop();
    const higher = levels.find((l) => l.threshold > base);
    if (!reached) {
      const first = levels[0]!;
      notApplied.push({ promotionId: p.id, couponId: null, name: p.name, reason: 'BELOW_THRESHOLD', short: first.threshold - base, basis: rule.basis, level: first });
      continue;
    }
    const times = 'repeat' in rule && rule.repeat ? Math.floor(base / reached.threshold) : 1;
    const next = higher ? { short: higher.threshold - base, basis: rule.basis, level: levels.indexOf(higher) } : undefined;
    const detail = levelText(rule, reached) + (times > 1 ? ` ×${times}` : '');
    if (rule.kind === 'gift') {
      let giftQty = (reached as { giftQty: number }).giftQty * times;
      if (p.qtyLeft != null) giftQty = Math.min(giftQty, p.qtyLeft);
      applications.push({ promotionId: p.id, couponId: null, kind: 'gift', name: p.name, amount: 0, qty: giftQty, shares: [], gift: { skuId: rule.giftSkuId, qty: giftQty }, detail, next });
      continue;
    }
    let amount = rule.kind === 'threshold_off' ? (reached as { off: number }).off * times : bpOf(eligibleAmount, (reached as { discountBp: number }).discountBp);
    amount = capBudget(p, Math.min(amount, eligibleAmount));
    const shares = spread(amount, el.map((w) => ({ ref: w.line.ref, w: w.amount })));
    take(shares);
    applications.push({ promotionId: p.id, couponId: null, kind: rule.kind, name: p.name, amount, qty: 1, shares, detail, next });
  }
  return { work, applications, notApplied, promotions };
}

/** Step 3: the coupon on what the promotions left (the state is not changed); `shares` false: amounts only (comparing candidates). */
function withCoupon(st: PromoState, coupon: Coupon | null, shares = true): Evaluation {
  const applications = [...st.applications];
  const notApplied = [...st.notApplied];
  if (coupon) {
    const blocker = applications.find((a) => !st.promotions.find((p) => p.id === a.promotionId)?.withCoupons);
    const el = st.work.filter((w) => w.amount > 0 && inScope(coupon.scope, w.line));
    const base = el.reduce((a, w) => a + w.amount, 0);
    if (blocker) notApplied.push({ promotionId: null, couponId: coupon.id, name: coupon.name, reason: 'COUPON_BLOCKED', with: blocker.name });
    else if (el.length === 0) notApplied.push({ promotionId: null, couponId: coupon.id, name: coupon.name, reason: 'NO_LINES' });
    else if (base < coupon.threshold) notApplied.push({ promotionId: null, couponId: coupon.id, name: coupon.name, reason: 'COUPON_BELOW_THRESHOLD', short: coupon.threshold - base, basis: 'amount' });
    else {
      let amount = coupon.kind === 'amount' ? coupon.amountOff! : bpOf(base, coupon.discountBp!);
      if (coupon.maxOff != null) amount = Math.min(amount, coupon.maxOff);
      amount = Math.min(amount, base);
      applications.push({
        promotionId: null, couponId: coupon.id, kind: 'coupon', name: coupon.name, amount, qty: 1,
        shares: shares ? spread(amount, el.map((w) => ({ ref: w.line.ref, w: w.amount }))) : [], detail: couponText(coupon),
      });
    }
  }
  const lineDiscount = new Map<number, number>();
  for (const a of applications) for (const s of a.shares) lineDiscount.set(s.ref, (lineDiscount.get(s.ref) ?? 0) + s.amount);
  const giftValue = giftValueOf(st, applications);
  return { applications, notApplied, discount: applications.reduce((a, x) => a + x.amount, 0), giftValue, lineDiscount };
}

export function couponText(c: Pick<Coupon, 'kind' | 'amountOff' | 'discountBp' | 'maxOff' | 'threshold'>): string {
  const what = c.kind === 'amount' ? `减 ${yuan(c.amountOff!)}` : `打 ${zhe(c.discountBp!)}${c.maxOff != null ? `（最多减 ${yuan(c.maxOff)}）` : ''}`;
  return c.threshold > 0 ? `满 ${yuan(c.threshold)} ${what}` : what;
}

/** Shares cut down (from the last line) when a budget cap lowered the amount. */
function trimShares(shares: { ref: number; amount: number }[], amount: number) {
  let over = shares.reduce((a, s) => a + s.amount, 0) - amount;
  const out = shares.map((s) => ({ ...s }));
  for (let i = out.length - 1; i >= 0 && over > 0; i--) {
    const cut = Math.min(out[i]!.amount, over);
    out[i]!.amount -= cut;
    over -= cut;
  }
  return out.filter((s) => s.amount > 0);
}

/** What a line promotion gives the eligible lines not yet taken by another, or null. */
function lineApplication(p: Promotion, el: Work[]): Application | null {
  const rule = p.rule;
  let units = p.perOrderQty ?? Infinity;
  if (p.qtyLeft != null) units = Math.min(units, p.qtyLeft);
  const shares: { ref: number; amount: number }[] = [];
  let qty = 0;
  if (rule.kind === 'special_price' || rule.kind === 'nth_item') {
    for (const w of el) {
      if (units <= 0) break;
      let perUnit: number;
      let n: number;
      if (rule.kind === 'special_price') {
        const item = rule.items.find((i) => i.skuId === w.line.skuId);
        if (!item || item.price >= w.line.unitPrice) continue;
        perUnit = w.line.unitPrice - item.price;
        n = Math.min(w.line.qty, units);
      } else {
        n = Math.min(Math.floor(w.line.qty / rule.nth), units);
        perUnit = bpOf(w.line.unitPrice, rule.discountBp);
      }
      if (n <= 0 || perUnit <= 0) continue;
      shares.push({ ref: w.line.ref, amount: perUnit * n });
      qty += n;
      units -= n;
    }
    if (!shares.length) return null;
    const detail = rule.kind === 'special_price' ? `特价 ${qty} 件` : `第 ${rule.nth} 件 ${zhe(rule.discountBp)} ×${qty}`;
    return { promotionId: p.id, couponId: null, kind: rule.kind, name: p.name, amount: shares.reduce((a, s) => a + s.amount, 0), qty, shares, detail };
  }
  if (rule.kind !== 'bundle') return null;
  const per = rule.items.map((i) => {
    const ws = el.filter((w) => w.line.skuId === i.skuId);
    return { i, ws, have: ws.reduce((a, w) => a + w.line.qty, 0) };
  });
  let sets = Math.min(...per.map((x) => Math.floor(x.have / x.i.qty)));
  sets = Math.min(sets, units);
  if (!Number.isFinite(sets) || sets <= 0) return null;
  // a bundle's normal price: each item at its line's unit price (the first line of that SKU)
  const normal = per.reduce((a, x) => a + x.i.qty * x.ws[0]!.line.unitPrice, 0);
  if (normal <= rule.price) return null;
  const amount = (normal - rule.price) * sets;
  const weights = per.map((x) => ({ ref: x.ws[0]!.line.ref, w: x.i.qty * x.ws[0]!.line.unitPrice * sets }));
  return { promotionId: p.id, couponId: null, kind: 'bundle', name: p.name, amount, qty: sets, shares: spread(amount, weights), detail: `组合价 ${yuan(rule.price)} ×${sets}` };
}

export interface Best extends Evaluation {
  coupon: Coupon | null;
  /** the combinations compared (for the explanation) */
  candidates: number;
}

interface Candidate { value: number; couponApplied: boolean; set: Promotion[]; coupon: Coupon | null; st: PromoState }

/** The gifts' worth at their base price (it counts in comparing combinations). */
function giftValueOf(st: PromoState, apps: Application[]): number {
  let v = 0;
  for (const x of apps) if (x.gift) v += x.gift.qty * (st.promotions.find((p) => p.id === x.promotionId)?.giftValue ?? 0);
  return v;
}

/** What a coupon takes off what the promotions left (withCoupon's amount without its explanation), or null when it does not apply. */
function couponAmount(st: PromoState, coupon: Coupon, bases: Map<string, { lines: number; base: number }>): number | null {
  const key = JSON.stringify(coupon.scope);
  let b = bases.get(key);
  if (!b) {
    b = { lines: 0, base: 0 };
    for (const w of st.work) if (w.amount > 0 && inScope(coupon.scope, w.line)) { b.lines++; b.base += w.amount; }
    bases.set(key, b);
  }
  if (b.lines === 0 || b.base < coupon.threshold) return null;
  let amount = coupon.kind === 'amount' ? coupon.amountOff! : bpOf(b.base, coupon.discountBp!);
  if (coupon.maxOff != null) amount = Math.min(amount, coupon.maxOff);
  return Math.min(amount, b.base);
}

/**
 * The best combination for the buyer (rule at the top of this file). `coupons`: the coupons the
 * buyer may use; `chosen`: undefined = pick the best (or none), null = use none, a coupon = only it.
 */
export function best(lines: Line[], promotions: Promotion[], coupons: Coupon[], chosen?: Coupon | null): Best {
  const sorted = [...promotions].sort(byPriority);
  const stackable = sorted.filter((p) => !p.exclusive);
  const sets: Promotion[][] = [...sorted.filter((p) => p.exclusive).map((p) => [p]), stackable];
  const couponFriendly = stackable.filter((p) => p.withCoupons);
  if (coupons.length && chosen !== null && couponFriendly.length < stackable.length) sets.push(couponFriendly);
  const couponOptions: (Coupon | null)[] = chosen === undefined ? [null, ...coupons] : chosen === null ? [null] : [chosen];
  const scopes = new Map<Promotion, boolean[]>();
  let top: Candidate | null = null;
  let n = 0;
  const better = (a: Candidate, b: Candidate) => {
    if (a.value !== b.value) return a.value > b.value;
    if (a.couponApplied !== b.couponApplied) return !a.couponApplied;
    const pa = a.set[0];
    const pb = b.set[0];
    if (pa && pb && pa !== pb) return byPriority(pa, pb) < 0;
    if (!pa !== !pb) return !!pa;
    if (a.coupon && b.coupon) return a.coupon.validTo < b.coupon.validTo || (a.coupon.validTo === b.coupon.validTo && a.coupon.id < b.coupon.id);
    return false;
  };
  for (const set of sets) {
    const st = runPromotions(lines, set, scopes);
    // what the promotions give is the same for every coupon: counted once, then each coupon's amount alone
    const own = st.applications.reduce((a, x) => a + x.amount, 0) + giftValueOf(st, st.applications);
    const blocked = st.applications.some((a) => !st.promotions.find((p) => p.id === a.promotionId)?.withCoupons);
    const bases = new Map<string, { lines: number; base: number }>();
    for (const coupon of couponOptions) {
      n++;
      const c = coupon && !blocked ? couponAmount(st, coupon, bases) : null;
      const cand: Candidate = { value: own + (c ?? 0), couponApplied: c != null, set, coupon, st };
      if (!top || better(cand, top)) top = cand;
    }
  }
  const chosenEval = { ...top!, e: withCoupon(top!.st, top!.coupon) };
  // the explanation: everything not applied in the winner, with why
  const applied = new Set(chosenEval.e.applications.map((a) => a.promotionId).filter((x) => x != null));
  const notApplied = [...chosenEval.e.notApplied];
  const leader = chosenEval.e.applications.find((a) => a.promotionId != null) ?? chosenEval.e.applications.find((a) => a.couponId != null);
  for (const p of sorted) {
    if (applied.has(p.id) || notApplied.some((x) => x.promotionId === p.id)) continue;
    // left out of the winning set: say why, from its own evaluation alone
    const alone = withCoupon(runPromotions(lines, [p], scopes), null);
    const own = alone.notApplied.find((x) => x.promotionId === p.id);
    notApplied.push(own ?? { promotionId: p.id, couponId: null, name: p.name, reason: 'NOT_COMBINED', ...(leader ? { with: leader.name } : {}) });
  }
  const couponUsed = chosenEval.coupon && chosenEval.e.applications.some((a) => a.couponId === chosenEval.coupon!.id) ? chosenEval.coupon : null;
  return { ...chosenEval.e, notApplied, coupon: couponUsed, candidates: n };
}
