import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dbRefusal } from '../../lib/errors';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const claim = async (scope: string, key: string, hash: string) =>
  (await sql<{ r: { response: unknown } | null }>`select platform_idempotency_claim(${scope}, ${key}, ${hash}) as r`.execute(t.db)).rows[0]!.r;

/** platform_idempotency_claim: the one Idempotency-Key claim cart_submit and fairs_book call (once() of idempotency.ts in SQL). */
describe('platform_idempotency_claim', () => {
  it('claims a new key (null), replays the stored answer for the same body, refuses another body as once() does', async () => {
    expect(await claim('test.claim:1', 'k1', 'h1')).toBeNull();
    await sql`update idempotency_keys set response = ${JSON.stringify({ id: 7, number: 'SO-1' })}::jsonb, status_code = 200 where scope = 'test.claim:1' and key = 'k1'`.execute(t.db);
    expect(await claim('test.claim:1', 'k1', 'h1')).toEqual({ response: { id: 7, number: 'SO-1' } });
    // the same key in another scope is another key
    expect(await claim('test.claim:2', 'k1', 'h9')).toBeNull();
    const e = await claim('test.claim:1', 'k1', 'h2').then(() => null, (err: unknown) => err);
    const r = dbRefusal(e);
    expect(r?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(r?.status).toBe(422);
    expect(r?.details).toEqual({ key: 'k1' });
    // the refusal changed nothing: the first body's row and answer stay
    const row = await t.db.selectFrom('idempotency_keys').select(['request_hash', 'response']).where('scope', '=', 'test.claim:1').where('key', '=', 'k1').executeTakeFirstOrThrow();
    expect(row).toEqual({ request_hash: 'h1', response: { id: 7, number: 'SO-1' } });
  });

  it('a claim rolled back with its transaction leaves the key free', async () => {
    await t.db.transaction().execute(async (trx) => {
      expect((await sql<{ r: unknown }>`select platform_idempotency_claim('test.claim:3', 'k', 'h') as r`.execute(trx)).rows[0]!.r).toBeNull();
      throw new Error('the work failed');
    }).catch(() => undefined);
    expect(await claim('test.claim:3', 'k', 'other body')).toBeNull();
  });
});
