import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';

declare module '../../lib/db-types' {
  interface DB {
    audit_log: {
      id: import('kysely').Generated<number>;
      at: import('kysely').Generated<Date>;
      actor_user_id: number | null;
      actor_label: string | null;
      action: string;
      entity_type: string;
      entity_id: string | null;
      before: unknown;
      after: unknown;
      request_id: string | null;
      ip: string | null;
    };
  }
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Records who did what to which entity. Call it inside the transaction that made the change. */
export async function audit(db: Kysely<DB> | Transaction<DB>, actor: Actor | null, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(actor, e)).execute();
}

/** The audit_log row for an entry, for statements that write it beside other rows. */
export function auditRow(actor: Actor | null, e: AuditEntry) {
  return {
    actor_user_id: actor?.userId ?? null,
    actor_label: actor ? `${actor.login} (${actor.role})` : 'system',
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId == null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    request_id: actor?.requestId ?? null,
    ip: actor?.ip ?? null,
  };
}
