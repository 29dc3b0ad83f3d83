import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import type { OutboxEvent, OutboxHandler } from '../platform/outbox';
import './tables';

registerMessages({
  WEBHOOK_DELIVERY_FAILED: { zh: 'Webhook 推送失败：{reason}', en: 'Webhook delivery failed: {reason}' },
});

const ENTITY = 'Webhook';
export const TIMEOUT_MS = 5000;
const columns = ['id', 'url', 'description', 'topics', 'active', 'created_at as createdAt', 'updated_at as updatedAt'] as const;

/**
 * Signature the receiver checks: hex HMAC-SHA256 of `${timestamp}.${body}` with the endpoint's
 * secret, sent as `X-Ordo-Signature: t=<timestamp>,v1=<hex>`. The timestamp lets receivers
 * refuse replays; the event id (`X-Ordo-Event-Id`) lets them drop duplicates.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export function listEndpoints(db: Kysely<DB>) {
  return db.selectFrom('webhook_endpoints').select(columns).orderBy('id').execute();
}

export async function getEndpoint(db: Kysely<DB>, id: number) {
  const e = await db.selectFrom('webhook_endpoints').select(columns).where('id', '=', id).executeTakeFirst();
  if (!e) throw notFound(ENTITY);
  return e;
}

export interface EndpointInput {
  url: string;
  description?: string | null;
  topics: string[];
  active?: boolean;
}

/** Creates an endpoint; the signing secret is returned once, here. */
export async function createEndpoint(db: Kysely<DB>, actor: Actor, input: EndpointInput) {
  const secret = newSecret();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({ url: input.url, description: input.description ?? null, topics: input.topics, active: input.active ?? true, secret })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'webhook.create', entityType: 'webhook', entityId: row.id, after: { url: input.url, topics: input.topics } });
    return { ...row, secret };
  });
}

export async function updateEndpoint(db: Kysely<DB>, actor: Actor, id: number, patch: Partial<EndpointInput> & { rotateSecret?: boolean }) {
  const before = await getEndpoint(db, id);
  const { rotateSecret, ...fields } = patch;
  const secret = rotateSecret ? newSecret() : undefined;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_endpoints')
      .set({ ...fields, ...(secret ? { secret } : {}), updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, { action: 'webhook.update', entityType: 'webhook', entityId: id, before, after: { ...fields, rotatedSecret: !!secret } });
  });
  return { ...(await getEndpoint(db, id)), secret: secret ?? null };
}

export async function deleteEndpoint(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getEndpoint(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'webhook.delete', entityType: 'webhook', entityId: id, before });
  });
}

export function listDeliveries(db: Kysely<DB>, endpointId: number, limit = 50) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id as eventId', 'topic', 'ok', 'status_code as statusCode', 'error', 'duration_ms as durationMs', 'attempted_at as attemptedAt'])
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

interface Target {
  id: number;
  url: string;
  secret: string;
}

/** POSTs one event to one endpoint and logs the attempt; returns whether the receiver took it (2xx). */
export async function deliver(db: Kysely<DB>, target: Target, event: Pick<OutboxEvent, 'id' | 'topic' | 'payload' | 'createdAt'>) {
  const body = JSON.stringify({ id: event.id, topic: event.topic, createdAt: event.createdAt, data: event.payload });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ordo-Webhooks/1',
        'x-ordo-event-id': String(event.id),
        'x-ordo-topic': event.topic,
        'x-ordo-signature': `t=${timestamp},v1=${sign(target.secret, timestamp, body)}`,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    statusCode = res.status;
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof Error ? (e.name === 'TimeoutError' ? `timeout after ${TIMEOUT_MS} ms` : e.message) : String(e);
  }
  const ok = error === null;
  await db
    .insertInto('webhook_deliveries')
    .values({ endpoint_id: target.id, event_id: event.id > 0 ? event.id : null, topic: event.topic, ok, status_code: statusCode, error, duration_ms: Date.now() - started })
    .execute();
  return { ok, statusCode, error };
}

/**
 * Outbox consumer: sends each event to every active endpoint subscribed to its topic. Endpoints
 * that already took the event are skipped, so a retry (after another endpoint failed) never
 * sends twice to the same receiver; the failure is thrown so the outbox retries with backoff.
 */
export function webhookHandler(): OutboxHandler {
  return {
    name: 'webhooks',
    topics: ['*'],
    async handle(event, db) {
      const targets = await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'url', 'secret'])
        .where('active', '=', true)
        .where(sql<boolean>`(${event.topic} = any(topics) or '*' = any(topics))`)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.endpoint_id', '=', 'webhook_endpoints.id').where('d.event_id', '=', event.id).where('d.ok', '=', true))),
        )
        .execute();
      const failures: string[] = [];
      for (const t of targets) {
        const r = await deliver(db, t, event);
        if (!r.ok) failures.push(`${t.url}: ${r.error}`);
      }
      if (failures.length) throw new Error(failures.join('; '));
    },
  };
}
