/**
 * Offline evaluation of the reorder model (npm run eval:reorder).
 *
 * For each scenario a generated history (bench/reorder-history.ts) is cut at weekly cutoffs in
 * its last 8 weeks. At each cutoff T every method sees only the orders before T and answers, for
 * every customer × SKU pair that has ordered before: "will this customer order this SKU within
 * the next 7 days?" and, where it can, "on which day is the next order?". The hidden orders
 * score the answers:
 *
 * - precision / recall / F1 of the yes-answers against pairs that did order in [T, T+7);
 * - MAE (days) of the predicted next day against the first hidden order, for pairs that ordered
 *   again before the end of the history, on the pairs every dated method predicts (and each
 *   method's own coverage). A prediction before T is moved to T: by then it is known no order came.
 *
 * Methods, all with the same decision rule where they predict a day (yes when the predicted day
 * is at most T+6 and the order is not more than one interval late — lapsed):
 * - model: fitReorder (server/modules/recommendations/model.ts), the code the server stores;
 * - last interval: next = last order + the last interval (needs 2 order days);
 * - mean interval: next = last order + the mean interval (for MAE only; same decisions otherwise);
 * - popularity: yes when the customer ordered the SKU in at least half of the last 12 weeks
 *   (no day predicted).
 *
 * Seeds 2 and 3 are reported; seed 1 was used while writing the model (its thresholds are fixed).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { fitReorder, lapseDays, mergeDays, type OrderPoint } from '../server/modules/recommendations/model';
import { dayOf, generateHistory, type GenOrderLine } from './reorder-history';

const HORIZON = 7;
const CUTOFFS = 8;
/** the model says yes only with at least this confidence */
const MIN_CONFIDENCE = 0.25;

interface Scenario { name: string; fromDay: number; toDay: number }
const SCENARIOS: Scenario[] = [
  { name: '秋季（2026-10 至 11 月，隐藏最后 8 周）', fromDay: dayOf('2024-12-01'), toDay: dayOf('2026-11-29') },
  { name: '春节前后（2026-02 至 03 月，隐藏最后 8 周）', fromDay: dayOf('2024-04-01'), toDay: dayOf('2026-03-29') },
];
const SEEDS = (process.env.REORDER_SEEDS ?? '2,3').split(",").map(Number);

type Method = 'model' | 'lastInterval' | 'meanInterval' | 'popularity';
const METHODS: Method[] = ['model', 'lastInterval', 'meanInterval', 'popularity'];
interface Tally { tp: number; fp: number; fn: number; absErr: number[]; covered: number; datable: number }
const empty = (): Tally => ({ tp: 0, fp: 0, fn: 0, absErr: [], covered: 0, datable: 0 });

function predictDay(m: Method, pts: OrderPoint[]): { day: number; interval: number } | null {
  if (m === 'model') {
    const fit = fitReorder(pts);
    return fit && fit.confidence >= MIN_CONFIDENCE ? { day: fit.nextDay, interval: fit.intervalDays } : null;
  }
  const days = mergeDays(pts).map((p) => p.day);
  if (days.length < 2) return null;
  const last = days[days.length - 1]!;
  const gap = m === 'lastInterval' ? last - days[days.length - 2]! : (last - days[0]!) / (days.length - 1);
  return { day: last + Math.max(1, Math.round(gap)), interval: gap };
}

function evaluate(lines: GenOrderLine[], toDay: number) {
  const byPair = new Map<string, OrderPoint[]>();
  for (const l of lines) {
    const k = `${l.customer}:${l.sku}`;
    byPair.set(k, [...(byPair.get(k) ?? []), { day: l.day, qty: l.qty, unit: '件', factor: 1 }]);
  }
  for (const pts of byPair.values()) pts.sort((a, b) => a.day - b.day);
  const tallies = Object.fromEntries(METHODS.map((m) => [m, empty()])) as Record<Method, Tally>;
  let pairsScored = 0;
  let positives = 0;
  for (let c = CUTOFFS; c >= 1; c--) {
    const T = toDay + 1 - c * 7;
    for (const pts of byPair.values()) {
      const seen = pts.filter((p) => p.day < T);
      if (seen.length === 0) continue;
      pairsScored++;
      const nextActual = pts.find((p) => p.day >= T)?.day ?? null;
      const truth = nextActual != null && nextActual < T + HORIZON;
      if (truth) positives++;
      const dated = new Map<Method, number>();
      for (const m of METHODS) {
        let yes: boolean;
        if (m === 'popularity') {
          const weeks = new Set(seen.filter((p) => p.day >= T - 84).map((p) => Math.floor((T - 1 - p.day) / 7)));
          yes = weeks.size >= 6;
        } else {
          const p = predictDay(m, seen);
          yes = p != null && p.day <= T + HORIZON - 1 && T - p.day <= lapseDays(p.interval);
          if (p) dated.set(m, Math.max(p.day, T));
        }
        const t = tallies[m];
        if (yes && truth) t.tp++;
        else if (yes) t.fp++;
        else if (truth) t.fn++;
      }
      if (nextActual != null) {
        for (const m of METHODS) if (m !== 'popularity') {
          tallies[m].datable++;
          if (dated.has(m)) tallies[m].covered++;
        }
        // MAE on the pairs all dated methods predict, so the comparison is like for like
        if (dated.size === 3) for (const [m, d] of dated) tallies[m].absErr.push(Math.abs(d - nextActual));
      }
    }
  }
  const score = (t: Tally) => {
    const precision = t.tp / Math.max(1, t.tp + t.fp);
    const recall = t.tp / Math.max(1, t.tp + t.fn);
    return {
      precision: r3(precision), recall: r3(recall), f1: r3((2 * precision * recall) / Math.max(1e-9, precision + recall)),
      maeDays: t.absErr.length ? r2(t.absErr.reduce((a, b) => a + b, 0) / t.absErr.length) : null,
      maePairs: t.absErr.length, coverage: t.datable ? r3(t.covered / t.datable) : null,
    };
  };
  return { pairsScored, positives, methods: Object.fromEntries(METHODS.map((m) => [m, score(tallies[m])])) as Record<Method, ReturnType<typeof score>> };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const started = Date.now();
const results = SCENARIOS.flatMap((s) =>
  SEEDS.map((seed) => {
    const lines = generateHistory({ seed, fromDay: s.fromDay, toDay: s.toDay });
    return { scenario: s.name, seed, orderLines: lines.length, ...evaluate(lines, s.toDay) };
  }),
);
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const names: Record<Method, string> = { model: '模型 model', lastInterval: '上次间隔 last interval', meanInterval: '平均间隔 mean interval', popularity: '常购 popularity' };

const md = [
  '# Reorder prediction — offline evaluation',
  '',
  'Reproduce: `npm run eval:reorder` (pure computation, no database; writes this file and `bench/results/reorder.json`).',
  `Run: ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(1)} s, load average ${load}.`,
  '',
  'Question scored at each of 8 weekly cutoffs in the hidden last 8 weeks, for every customer × SKU pair with at least one earlier order:',
  `"will the customer order this SKU within the next ${HORIZON} days?" — precision, recall, F1 over all cutoffs. MAE: days between the predicted`,
  'next order (moved to the cutoff if earlier) and the first hidden order, on the pairs that every dated method predicts; coverage: share',
  'of pairs that ordered again for which the method gives a day at all. The model abstains below 3 orders and below confidence '
    + `${MIN_CONFIDENCE}; popularity gives no day. Histories: bench/reorder-history.ts (150 customers, 60 SKUs, rhythms, noise, summer`,
  'seasonality, 春节 closures, skips, top-ups, promotions, churn, newcomers, occasional buyers). Seeds 2 and 3; seed 1 was used to write the model.',
  '',
  ...results.flatMap((r) => [
    `## ${r.scenario} — seed ${r.seed}`,
    '',
    `${r.orderLines} order lines; ${r.pairsScored} pair × cutoff questions, ${r.positives} of them ordered within ${HORIZON} days.`,
    '',
    '| method | precision | recall | F1 | MAE (days) | MAE pairs | coverage |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...METHODS.map((m) => {
      const x = r.methods[m];
      return `| ${names[m]} | ${x.precision} | ${x.recall} | ${x.f1} | ${x.maeDays ?? '—'} | ${x.maePairs || '—'} | ${x.coverage ?? '—'} |`;
    }),
    '',
  ]),
].join('\n');

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results-reorder.md', `${md}\n`);
writeFileSync('bench/results/reorder.json', `${JSON.stringify({ at: new Date().toISOString(), loadAverage: load, horizonDays: HORIZON, cutoffs: CUTOFFS, minConfidence: MIN_CONFIDENCE, results }, null, 2)}\n`);
console.log(md);
