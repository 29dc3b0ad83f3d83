import { readFileSync } from 'node:fs';
import http from 'node:http';

/**
 * The load side of bench/fair-open.ts, in its own process: every buyer (one connection each)
 * sends its booking at the same moment, `waves` times over. Reads { url, fairId, cookies,
 * bodies, waves } from the JSON file named by argv[2]; prints per-wave figures as JSON.
 */
interface Args { url: string; fairId: number; cookies: string[]; bodies: string[]; waves: number }
const args = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Args;
const agent = new http.Agent({ keepAlive: true, maxSockets: args.cookies.length + 10 });
const target = new URL(args.url);
/** One POST on its own kept-alive socket; resolves with the status once the body is read. */
const post = (urlPath: string, body: string, headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
  const req = http.request({ host: target.hostname, port: target.port, path: urlPath, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode ?? 0));
  });
  req.on('error', reject);
  req.end(body);
});
let seq = 0;
const waves = [];
for (let w = 0; w < args.waves; w++) {
  const started = Date.now();
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let lastEnd = 0;
  await Promise.all(args.cookies.map(async (cookie, i) => {
    const t0 = performance.now();
    const status = await post(`/api/my/fairs/${args.fairId}/bookings`, args.bodies[i % args.bodies.length]!,
      { cookie, 'content-type': 'application/json', 'idempotency-key': `open-${process.pid}-${++seq}` });
    times.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    lastEnd = Math.max(lastEnd, Date.now());
  }));
  const seconds = (lastEnd - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10;
  waves.push({ bookings: times.length, statuses, seconds, bookingsPerSec: Math.round(((statuses['200'] ?? 0) / seconds) * 10) / 10, latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) }, lastEnd });
}
process.stdout.write(JSON.stringify(waves));
agent.destroy();
