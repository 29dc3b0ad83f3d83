import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound, validation } from '../../lib/errors';
import { audit } from '../platform/audit';
import type { Actor } from './actor';
import { can, listPermissions } from './permissions';
import { randomToken } from './passwords';
import { sha256 } from './passwords';
import './tables';

const tokenColumns = ['id', 'name', 'prefix', 'scopes', 'created_at as createdAt', 'expires_at as expiresAt', 'last_used_at as lastUsedAt', 'revoked_at as revokedAt'] as const;

/** Creates a bearer token for the caller. The plaintext is returned once and never stored. */
export async function createToken(db: Kysely<DB>, actor: Actor, input: { name: string; scopes: string[]; expiresInDays?: number | null }) {
  const known = listPermissions();
  const bad = input.scopes.filter((s) => s !== '*' && !known[s]);
  if (bad.length) throw validation([{ path: 'scopes', message: `unknown scopes: ${bad.join(', ')}` }]);
  const notHeld = input.scopes.filter((s) => s !== '*' && !can({ ...actor, scopes: null }, s));
  if (notHeld.length) throw validation([{ path: 'scopes', message: `your role does not hold: ${notHeld.join(', ')}` }]);
  const token = `ordo_${randomToken()}`;
  const row = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('api_tokens')
      .values({
        user_id: actor.userId,
        name: input.name,
        token_hash: sha256(token),
        prefix: token.slice(0, 10),
        scopes: input.scopes,
        expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returning(tokenColumns)
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'token.create', entityType: 'api_token', entityId: r.id, after: { name: input.name, scopes: input.scopes } });
    return r;
  });
  return { ...row, token };
}

export function listTokens(db: Kysely<DB>, actor: Actor) {
  return db.selectFrom('api_tokens').select(tokenColumns).where('user_id', '=', actor.userId).orderBy('id', 'desc').execute();
}

export async function revokeToken(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!r) throw notFound('API 令牌 / API token');
  await audit(db, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id });
}
