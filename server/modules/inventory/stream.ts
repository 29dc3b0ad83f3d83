import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { onResync, subscribe } from '../../lib/live';
import { displayFor, getDisplaySettings, stockForCustomers, type CustomerStock } from './customer-stock';

/** Live topic of a SKU's availability: `stock:<skuId>` carrying { skuId, available, safety }. */
export const stockTopic = (skuId: number) => `stock:${skuId}`;
export const HEARTBEAT_MS = 20_000;

/**
 * Streams the customer view of some SKUs as server-sent events: one `stock` event per SKU now,
 * then one whenever its availability changes (published after commit by the outbox handler).
 * Only what the display setting allows leaves the server.
 */
export async function stockStream(db: Kysely<DB>, req: FastifyRequest, reply: FastifyReply, skuIds: number[], locale: 'zh' | 'en') {
  const initial = await stockForCustomers(db, skuIds, locale);
  let settings = await getDisplaySettings(db);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const send = (data: CustomerStock) => res.write(`event: stock\ndata: ${JSON.stringify(data)}\n\n`);
  res.write('retry: 3000\n\n');
  initial.forEach(send);
  let last = Date.now();
  const unsubscribe = subscribe(skuIds.map(stockTopic), (_topic, data) => {
    const d = data as { skuId: number; available: number; safety: number };
    // The display setting may have changed since the stream opened: re-read it at most every 10 s.
    if (Date.now() - last > 10_000) {
      last = Date.now();
      void getDisplaySettings(db).then((s) => (settings = s)).catch(() => undefined);
    }
    send(displayFor(settings, d.skuId, d.available, d.safety, locale));
  });
  // The bus reconnected: changes may have been missed, so send the current state again.
  const stopResync = onResync(() => {
    void stockForCustomers(db, skuIds, locale).then((now) => now.forEach(send)).catch(() => undefined);
  });
  const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const close = () => {
    clearInterval(beat);
    unsubscribe();
    stopResync();
  };
  req.raw.on('close', close);
  res.on('error', close);
}
