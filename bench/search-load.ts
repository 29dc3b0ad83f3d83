import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

/**
 * The load side of the catalog search benchmark, run as a child process so the load generator
 * does not share an event loop with the server. Reads { url, cookie, pathsFile, rate, seconds,
 * connections } from argv[2] (JSON; pathsFile holds the request paths as a JSON array), prints the figures as JSON on stdout.
 *
 * With `rate`, requests are sent open-loop at an even pace (one every 1/rate s, as wrk2 does),
 * and each latency is counted from the moment its request was due, so a stalled server is not
 * hidden by the generator waiting for it (coordinated omission). autocannon's own rate limit
 * is not used for this: it lets each connection send its whole second's quota back to back and
 * then idle, which measures bursts of `rate` requests, not a steady `rate` per second.
 * Without `rate`, autocannon runs flat out (closed loop) for the throughput figure.
 */
interface Args { url: string; cookie: string; pathsFile: string; paths: string[]; rate?: number; seconds: number; connections: number }
interface Figures { requests: number; reqPerSec: number; non2xx: number; errors: number; latencyMs: { p50: number; p95: number; p99: number; max: number } }

const args = JSON.parse(process.argv[2]!) as Args;
args.paths = JSON.parse(fs.readFileSync(args.pathsFile, 'utf8')) as string[];

function figures(times: number[], seconds: number, non2xx: number, errors: number): Figures {
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times.length ? Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 100) / 100 : 0);
  return {
    requests: times.length + errors, reqPerSec: Math.round((times.length / seconds) * 10) / 10, non2xx, errors,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  };
}

function paced(rate: number): Promise<Figures> {
  const target = new URL(args.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: args.connections });
  const total = Math.round(rate * args.seconds);
  const interval = 1000 / rate;
  const times: number[] = [];
  let non2xx = 0, errors = 0, sent = 0, done = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (++done < total) return;
      clearInterval(timer);
      agent.destroy();
      resolve(figures(times, (performance.now() - start) / 1000, non2xx, errors));
    };
    const send = (due: number) => {
      const req = http.request({ host: target.hostname, port: target.port, path: args.paths[sent % args.paths.length], agent, headers: { cookie: args.cookie } }, (res) => {
        if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
        res.resume();
        res.on('end', () => { times.push(performance.now() - due); finish(); });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => { errors++; finish(); });
      req.end();
    };
    // a 1 ms tick sends every request whose time has come; latency counts from that time
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
    }, 1);
  });
}

interface Instance { on(ev: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void }
interface Result { non2xx: number; errors: number; duration: number }
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: Result) => void) => Instance;

function flatOut(): Promise<Figures> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  let i = 0;
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url: args.url, connections: args.connections, duration: args.seconds, headers: { cookie: args.cookie },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: args.paths[i++ % args.paths.length] }) }],
    }, (err, r) => (err ? reject(err) : resolve(figures(times, r.duration, r.non2xx, r.errors))));
    inst.on('response', (_c, _s, _b, ms) => times.push(ms));
  });
}

process.stdout.write(JSON.stringify(await (args.rate ? paced(args.rate) : flatOut())));
