import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { publish, subscribe } from '../../lib/live';
import type { Actor } from './actor';

/**
 * Signed-in sessions resolved to their actor, kept in memory so a request does not read the
 * session, user and company rows again (issue 20: one round trip for a submission).
 *
 * Revocation stays exact because every change that can end or alter a session (logout, a user
 * disabled or edited, a password changed or reset, two-factor turned on, off or required, a
 * company suspended) calls `sessionsChanged` after its transaction commits: this process drops the
 * entries at once and every other process hears it on the live bus (LISTEN/NOTIFY or Redis).
 * Two guards cover what that cannot:
 * - a read that was already under way when a change landed is not cached (the generation count);
 * - an entry lives at most ENTRY_TTL_MS, so a change made outside Ordo (SQL by hand) or a message
 *   lost while the bus reconnected ends a session within that time.
 */
export const ENTRY_TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;
const TOPIC = 'auth.sessions';

export type SessionScope = { tokenHash: string } | { userIds: number[] } | { companyId: number } | { all: true };

interface Entry {
  actor: Actor;
  companyId: number | null;
  sessionExpires: number;
  until: number;
}

interface Cache {
  entries: Map<string, Entry>;
  generation: number;
}

const caches = new WeakMap<Kysely<DB>, Cache>();
const live = new Set<WeakRef<Cache>>();

function cacheOf(db: Kysely<DB>): Cache {
  let c = caches.get(db);
  if (!c) {
    c = { entries: new Map(), generation: 0 };
    caches.set(db, c);
    live.add(new WeakRef(c));
  }
  return c;
}

function drop(c: Cache, scope: SessionScope) {
  c.generation++;
  if ('all' in scope) return c.entries.clear();
  if ('tokenHash' in scope) return void c.entries.delete(scope.tokenHash);
  for (const [k, e] of c.entries) {
    if ('userIds' in scope ? scope.userIds.includes(e.actor.userId) : e.companyId === scope.companyId) c.entries.delete(k);
  }
}

function dropEverywhereLocal(scope: SessionScope) {
  for (const ref of live) {
    const c = ref.deref();
    if (c) drop(c, scope);
    else live.delete(ref);
  }
}

subscribe([TOPIC], (_topic, data) => dropEverywhereLocal(data as SessionScope));

/** The cached actor of a session token (by its hash), or undefined. */
export function cachedSession(db: Kysely<DB>, tokenHash: string): Actor | undefined {
  const c = caches.get(db);
  const e = c?.entries.get(tokenHash);
  if (!c || !e) return undefined;
  const now = Date.now();
  if (e.until <= now || e.sessionExpires <= now) {
    c.entries.delete(tokenHash);
    return undefined;
  }
  return e.actor;
}

/** The generation to pass back to `rememberSession` (read it before reading the database). */
export const sessionGeneration = (db: Kysely<DB>) => cacheOf(db).generation;

/** Caches a session read from the database, unless something changed while it was read. */
export function rememberSession(db: Kysely<DB>, generation: number, tokenHash: string, actor: Actor, companyId: number | null, sessionExpires: Date) {
  const c = cacheOf(db);
  if (c.generation !== generation) return;
  if (c.entries.size >= MAX_ENTRIES) c.entries.delete(c.entries.keys().next().value!);
  c.entries.set(tokenHash, { actor, companyId, sessionExpires: sessionExpires.getTime(), until: Date.now() + ENTRY_TTL_MS });
}

/**
 * Sessions in `scope` changed: call after the change committed. Drops them in this process at once
 * and tells the other processes (if that send fails, their entries end with ENTRY_TTL_MS).
 */
export async function sessionsChanged(scope: SessionScope): Promise<void> {
  dropEverywhereLocal(scope);
  await publish(TOPIC, scope).catch(() => undefined);
}
