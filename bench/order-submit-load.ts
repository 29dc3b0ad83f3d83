import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The load side of the order-submission benchmark, in its own process. Every connection is one
 * buyer: it fills its cart with a quick order (BENCH_LINES lines), then submits it with a fresh
 * Idempotency-Key, over and over. Only the submissions are timed. Reads { url, cookies, orders,
 * addresses, seconds, connections } from the JSON file named by argv[2]; prints the figures as JSON.
 */
interface Args { url: string; cookies: string[]; addresses: number[]; orders: string[]; seconds: number; connections: number }
interface Instance { on(ev: 'response', fn: (client: object, status: number, bytes: number, ms: number) => void): void }
interface Result { requests: { total: number }; non2xx: number; errors: number; duration: number }
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: Result) => void) => Instance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const args = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Args;
let nextUser = 0;
let nextOrder = 0;
let keySeq = 0;
type Ctx = { user?: number };
const userOf = (ctx: Ctx) => (ctx.user ??= nextUser++ % args.cookies.length);
const submitTimes: number[] = [];
const statuses: Record<string, number> = {};
const seen = new WeakMap<object, number>();

const inst = autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  requests: [
    {
      method: 'POST', path: '/api/cart/quick',
      setupRequest: (req: Record<string, unknown>, ctx: Ctx) => ({
        ...req, headers: { cookie: args.cookies[userOf(ctx)]!, 'content-type': 'application/json' }, body: args.orders[nextOrder++ % args.orders.length],
      }),
    },
    {
      method: 'POST', path: '/api/cart/submit',
      setupRequest: (req: Record<string, unknown>, ctx: Ctx) => ({
        ...req,
        headers: { cookie: args.cookies[userOf(ctx)]!, 'content-type': 'application/json', 'idempotency-key': `bench-${process.pid}-${++keySeq}` },
        body: JSON.stringify({ addressId: args.addresses[userOf(ctx)], paymentMethod: 'transfer' }),
      }),
    },
  ],
}, (err, r) => {
  if (err) throw err;
  submitTimes.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(submitTimes[Math.min(submitTimes.length - 1, Math.floor((p / 100) * submitTimes.length))]! * 100) / 100;
  process.stdout.write(JSON.stringify({
    seconds: r.duration, requests: r.requests.total, submissions: submitTimes.length, submitStatuses: statuses, errors: r.errors,
    ordersPerSec: Math.round(((statuses['200'] ?? 0) / r.duration) * 10) / 10,
    submitLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  }));
});
// Requests of a connection alternate quick order → submit: odd responses are submissions.
inst.on('response', (client, status, _bytes, ms) => {
  const n = (seen.get(client) ?? 0) + 1;
  seen.set(client, n);
  if (n % 2 === 0) {
    submitTimes.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
});
