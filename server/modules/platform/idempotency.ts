import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';

declare module '../../lib/db-types' {
  interface DB {
    idempotency_keys: {
      scope: string;
      key: string;
      request_hash: string;
      status_code: number | null;
      response: unknown;
      created_at: import('kysely').Generated<Date>;
    };
  }
}

export const hashRequest = (body: unknown) => createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/**
 * Runs `fn` once per (scope, key) inside `trx`. The key row is inserted first, in the same
 * transaction: a concurrent retry blocks on the unique key until the first commits, then
 * gets the first response back. A different body under a used key is refused. The one-call
 * writes (cart_submit, fairs_book) claim their key in SQL with the same rule:
 * functions/platform_idempotency_claim.sql.
 */
export async function once<T>(
  trx: Transaction<DB>,
  scope: string,
  key: string | undefined,
  body: unknown,
  fn: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (!key) return { result: await fn(), replayed: false };
  const requestHash = hashRequest(body);
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const prior = await trx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (prior.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 422, {}, { key });
    return { result: prior.response as T, replayed: true };
  }
  const result = await fn();
  await storeIdempotentResponse(trx, scope, key, result);
  return { result, replayed: false };
}

/** Stores the first response under a key claimed in this transaction (callers that claim it in their own SQL). */
export async function storeIdempotentResponse(trx: Transaction<DB>, scope: string, key: string, result: unknown): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(result), status_code: 200 })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}
