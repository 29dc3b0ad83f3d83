import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { localDay } from '../../lib/day-numbers';
import * as s from './schemas-presale';
import { deletePresale, getBackorderShipping, getPresale, listPresale, listWaits, putPresale, setBackorderShipping, setWaitPriority } from './presale';

const tags = ['inventory'];
/** YYYYMMDD → YYYY-MM-DD */
const isoDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** 预订 / 缺货订购: which SKUs may be ordered beyond or before stock, and the queue waiting for stock. */
export async function presaleRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  const read = { permission: 'inventory.read' };
  const write = { permission: 'inventory.write' };

  app.get('/inventory/presale', {
    schema: { tags, summary: 'SKUs on pre-order or backorder, with how much waits for each', querystring: pageQuery.extend(s.presaleQuery.shape), response: { 200: page(s.presale), ...errors } },
    config: read,
  }, async (req) => listPresale(db, req.query));
  app.get('/inventory/presale/:skuId', { schema: { tags, params: s.skuParams, response: { 200: s.presale, ...errors } }, config: read }, async (req) => getPresale(db, req.params.skuId));
  app.put('/inventory/presale/:skuId', {
    schema: { tags, summary: 'Put a SKU on pre-order (expected date required) or backorder, or change it', params: s.skuParams, body: s.presaleBody, response: { 200: s.presale, ...errors } },
    config: write,
  }, async (req) => putPresale(db, actorOf(req), req.params.skuId, req.body, isoDay(localDay(new Date(), ctx.config.timeZone))));
  app.delete('/inventory/presale/:skuId', {
    schema: { tags, summary: 'Take a SKU off pre-order / backorder (lines already waiting keep their place)', params: s.skuParams, response: { 200: ok, ...errors } },
    config: write,
  }, async (req) => {
    await deletePresale(db, actorOf(req), req.params.skuId);
    return { ok: true as const };
  });

  app.get('/inventory/waits', {
    schema: { tags, summary: 'Order lines waiting for stock, in the order stock goes to them (priority, then first come)', querystring: pageQuery.extend(s.waitQuery.shape), response: { 200: page(s.wait), ...errors } },
    config: read,
  }, async (req) => listWaits(db, req.query));
  app.patch('/inventory/waits/:id', {
    schema: { tags, summary: "Change a waiting line's priority (higher is served first)", params: idParams, body: s.waitPatch, response: { 200: s.wait, ...errors } },
    config: write,
  }, async (req) => setWaitPriority(db, actorOf(req), req.params.id, req.body.priority));

  app.get('/inventory/backorder-settings', { schema: { tags, response: { 200: s.backorderSettings, ...errors } }, config: read }, async () => ({ shipping: await getBackorderShipping(db) }));
  app.put('/inventory/backorder-settings', {
    schema: { tags, summary: "Orders with waiting lines: ship what has arrived ('partial') or only the complete order ('complete')", body: z.strictObject({ shipping: z.enum(['partial', 'complete']) }), response: { 200: s.backorderSettings, ...errors } },
    config: { permission: 'inventory.settings' },
  }, async (req) => {
    await setBackorderShipping(db, req.body.shipping);
    return { shipping: await getBackorderShipping(db) };
  });
}
