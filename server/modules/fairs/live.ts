import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { onResync, publish, subscribe } from '../../lib/live';
import { boardOf } from './board';

/**
 * The fair's live board over server-sent events, on the same publish/subscribe as the
 * notification bell (lib/live: in-process, or across processes by PostgreSQL NOTIFY / Redis).
 * A booking publishes `fair:<id>` after commit — at most one message per fair every 200 ms from a
 * process, however many bookings arrive — and each open board re-reads the totals (again at most
 * every 200 ms) and sends them as an `event: board`.
 */
export const fairTopic = (fairId: number) => `fair:${fairId}`;
export const HEARTBEAT_MS = 20_000;
const THROTTLE_MS = 200;

const pending = new Map<number, NodeJS.Timeout>();
/** After a booking or conversion committed: tell the boards (coalesced per fair). */
export function fairChanged(fairId: number): void {
  if (pending.has(fairId)) return;
  const timer = setTimeout(() => {
    pending.delete(fairId);
    publish(fairTopic(fairId), { fairId, at: Date.now() }).catch(() => undefined);
  }, THROTTLE_MS);
  timer.unref();
  pending.set(fairId, timer);
}

export async function boardStream(db: Kysely<DB>, req: FastifyRequest, reply: FastifyReply, fairId: number, salesRepId?: number) {
  const first = await boardOf(db, fairId, salesRepId);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 3000\n\n');
  const send = (b: unknown) => res.write(`event: board\ndata: ${JSON.stringify(b)}\n\n`);
  send(first);
  let closed = false;
  let running = false;
  let again = false;
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  const refresh = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    const wait = last + THROTTLE_MS - Date.now();
    if (wait > 0) {
      if (!timer) timer = setTimeout(() => { timer = null; refresh(); }, wait);
      return;
    }
    running = true;
    last = Date.now();
    void boardOf(db, fairId, salesRepId).then((b) => !closed && send(b)).catch(() => undefined).finally(() => {
      running = false;
      if (again) {
        again = false;
        refresh();
      }
    });
  };
  const unsubscribe = subscribe([fairTopic(fairId)], refresh);
  const stopResync = onResync(refresh);
  const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const close = () => {
    closed = true;
    clearInterval(beat);
    if (timer) clearTimeout(timer);
    unsubscribe();
    stopResync();
  };
  req.raw.on('close', close);
  res.on('error', close);
}
