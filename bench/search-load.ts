import { createRequire } from 'node:module';

/**
 * The load side of the catalog search benchmark, run as a child process so the load generator
 * does not share an event loop with the server. Reads { url, cookie, queries, rate, seconds,
 * connections } from argv[2] (JSON), prints the figures as JSON on stdout.
 */
interface Args { url: string; cookie: string; paths: string[]; rate?: number; seconds: number; connections: number }
interface Instance { on(ev: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void }
interface Result { requests: { average: number; total: number }; non2xx: number; errors: number; duration: number }
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: Result) => void) => Instance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const args = JSON.parse(process.argv[2]!) as Args;
let i = 0;
const times: number[] = [];
const inst = autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  ...(args.rate ? { overallRate: args.rate } : {}),
  headers: { cookie: args.cookie },
  requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: args.paths[i++ % args.paths.length] }) }],
}, (err, r) => {
  if (err) throw err;
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 100) / 100;
  process.stdout.write(JSON.stringify({
    requests: r.requests.total, reqPerSec: Math.round((times.length / r.duration) * 10) / 10, non2xx: r.non2xx, errors: r.errors,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  }));
});
inst.on('response', (_c, _s, _b, ms) => times.push(ms));
