import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { conflict, isUniqueViolation, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import type { tierBody, tierPatch } from './schemas';
import './tables';
import '../pricing/tables';

registerMessages({
  TIER_NAME_TAKEN: { zh: '客户等级“{name}”已存在', en: 'The tier "{name}" already exists' },
  TIER_IN_USE: {
    zh: '该等级仍被 {companies} 个客户、{lists} 个价目表、{rules} 条可见性规则使用，请先调整后再删除',
    en: 'The tier is still used by {companies} customers, {lists} price lists and {rules} visibility rules; move them first',
  },
});

const TIER_ENTITY = '客户等级 / tier';

function tierQuery(db: Kysely<DB>) {
  return db
    .selectFrom('customer_tiers as t')
    .select((eb) => [
      't.id', 't.name', 't.discount_bp as discountBp', 't.sort', 't.notes',
      eb.selectFrom('companies').select(eb.fn.countAll<number>().as('n')).whereRef('companies.tier_id', '=', 't.id').as('companies'),
    ]);
}
const norm = <T extends { companies: unknown }>(t: T) => ({ ...t, companies: Number(t.companies ?? 0) });

export async function listTiers(db: Kysely<DB>) {
  return (await tierQuery(db).orderBy('t.sort').orderBy('t.id').execute()).map(norm);
}

export async function getTier(db: Kysely<DB>, id: number) {
  const t = await tierQuery(db).where('t.id', '=', id).executeTakeFirst();
  if (!t) throw notFound(TIER_ENTITY);
  return norm(t);
}

export async function createTier(db: Kysely<DB>, actor: Actor, input: z.infer<typeof tierBody>) {
  try {
    const id = await db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('customer_tiers').values({ name: input.name, discount_bp: input.discountBp, sort: input.sort ?? 0, notes: input.notes ?? null }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'tier.create', entityType: 'customer_tier', entityId: r.id, after: input });
      return r.id;
    });
    return getTier(db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('TIER_NAME_TAKEN', { name: input.name });
    throw e;
  }
}

export async function updateTier(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof tierPatch>) {
  const before = await getTier(db, id);
  const row: Record<string, unknown> = {};
  if (input.name !== undefined) row.name = input.name;
  if (input.discountBp !== undefined) row.discount_bp = input.discountBp;
  if (input.sort !== undefined) row.sort = input.sort;
  if (input.notes !== undefined) row.notes = input.notes;
  if (!Object.keys(row).length) return before;
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('customer_tiers').set({ ...row, updated_at: sql`now()` } as never).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'tier.update', entityType: 'customer_tier', entityId: id, before, after: input });
      if (input.discountBp !== undefined && input.discountBp !== before.discountBp) await emit(trx, 'pricing.changed', { tierId: id, reason: 'tier_discount' });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('TIER_NAME_TAKEN', { name: input.name });
    throw e;
  }
  return getTier(db, id);
}

/** Deleting a tier still used by customers, price lists or visibility rules is refused (409). */
export async function deleteTier(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getTier(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('customer_tiers').select('id').where('id', '=', id).forUpdate().execute();
    const c = await trx.selectFrom('companies').select((eb) => eb.fn.countAll<number>().as('n')).where('tier_id', '=', id).executeTakeFirstOrThrow();
    const l = await trx.selectFrom('price_lists').select((eb) => eb.fn.countAll<number>().as('n')).where('tier_id', '=', id).executeTakeFirstOrThrow();
    const v = await trx.selectFrom('product_visibility').select((eb) => eb.fn.countAll<number>().as('n')).where('tier_id', '=', id).executeTakeFirstOrThrow();
    const used = { companies: Number(c.n), lists: Number(l.n), rules: Number(v.n) };
    if (used.companies + used.lists + used.rules > 0) throw conflict('TIER_IN_USE', used, used);
    await trx.deleteFrom('customer_tiers').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'tier.delete', entityType: 'customer_tier', entityId: id, before });
  });
}
