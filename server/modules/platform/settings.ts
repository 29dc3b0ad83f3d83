import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';

declare module '../../lib/db-types' {
  interface DB {
    settings: { key: string; value: unknown; updated_at: import('kysely').Generated<Date> };
  }
}

/** Supplier-wide settings as JSON values under a key, with a typed default. */
export async function getSetting<T>(db: Kysely<DB> | Transaction<DB>, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (row.value as T) : fallback;
}

export async function setSetting<T>(db: Kysely<DB> | Transaction<DB>, key: string, value: T): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: sql`now()` }))
    .execute();
}

/** Stores a setting only if it has none yet (concurrent first writers: one wins); returns the stored value. */
export async function setSettingIfAbsent<T>(db: Kysely<DB> | Transaction<DB>, key: string, value: T): Promise<T> {
  await db.insertInto('settings').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return getSetting<T>(db, key, value);
}
