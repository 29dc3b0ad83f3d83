import http from 'node:http';

/**
 * The HTTP client of the order-submission benchmark's submitOnly mode, in its own process (its
 * own thread and event loop, as a real client would be), so the server's process pays only for
 * serving. Driven over IPC by bench/order-submit.ts:
 *
 *   { cmd: 'warm', url, requests: [{ cookie, addressId }], connections }
 *       one GET /api/auth/me per buyer, untimed: the buyer who looked at the cart before
 *       submitting (the session is then in the server's session cache, as it would be)
 *   { cmd: 'submit' }  → { seconds, orders, failures, firstFailure?, latencyMs }
 *       each buyer's cart submitted once (carts were filled beforehand), `connections` at a time
 *   { cmd: 'exit' }
 */
interface Target { cookie: string; addressId: number }
interface Warm { cmd: 'warm'; url: string; requests: Target[]; connections: number }
type Message = Warm | { cmd: 'submit' } | { cmd: 'exit' };

const agent = new http.Agent({ keepAlive: true });
let current: Warm | undefined;
let keySeq = 0;

function send(url: URL, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs fn over every target, `connections` at a time. */
async function each(targets: Target[], connections: number, fn: (t: Target) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < targets.length) await fn(targets[next++]!);
  }));
}

process.on('message', (m: Message) => void handle(m).then((r) => process.send!(r ?? { ok: true })));

async function handle(m: Message): Promise<unknown> {
  if (m.cmd === 'exit') process.exit(0);
  if (m.cmd === 'warm') {
    current = m;
    const url = new URL(m.url);
    await each(m.requests, m.connections, async (t) => {
      const r = await send(url, 'GET', '/api/auth/me', { cookie: t.cookie });
      if (r.status !== 200) throw new Error(`warm ${r.status}: ${r.text.slice(0, 200)}`);
    });
    return undefined;
  }
  const w = current!;
  const url = new URL(w.url);
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const t0 = performance.now();
  await each(w.requests, w.connections, async (t) => {
    const s = performance.now();
    const r = await send(url, 'POST', '/api/cart/submit', {
      cookie: t.cookie, 'content-type': 'application/json', 'idempotency-key': `bench-http-${process.pid}-${++keySeq}`,
    }, JSON.stringify({ addressId: t.addressId, paymentMethod: 'transfer' }));
    if (r.status === 200) times.push(performance.now() - s);
    else {
      failures++;
      firstFailure ??= `submit ${r.status}: ${r.text.slice(0, 300)}`;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0) * 100) / 100;
  return {
    seconds: Math.round(seconds * 100) / 100, orders: times.length, failures, ...(firstFailure ? { firstFailure } : {}),
    ordersPerSec: Math.round((times.length / seconds) * 10) / 10,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  };
}
