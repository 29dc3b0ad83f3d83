import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { conflict, isUniqueViolation, notFound } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { AppError } from '../../lib/errors';
import './tables';

type Q = Kysely<DB> | Transaction<DB>;

registerMessages({
  WAREHOUSE_IN_USE: { zh: '仓库 {warehouse} 已有库存或出入库记录，不能删除，请改为停用', en: 'Warehouse {warehouse} has stock or ledger rows; deactivate it instead of deleting' },
});

export const WAREHOUSE_ENTITY = '仓库 / warehouse';
const columns = ['id', 'code', 'name', 'address', 'provinces', 'priority', 'active', 'created_at as createdAt', 'updated_at as updatedAt'] as const;

export interface WarehouseInput {
  code: string;
  name: string;
  address?: string | null;
  /** Region served: province names as on customers (e.g. '浙江省'). */
  provinces?: string[];
  priority?: number;
  active?: boolean;
}

/** Warehouses by priority (lower first), with how many SKUs they hold and their on-hand total. */
export function listWarehouses(db: Q, q: { active?: boolean } = {}) {
  let qb = db
    .selectFrom('warehouses')
    .select([
      ...columns,
      sql<number>`(select count(*)::int from stock_levels sl where sl.warehouse_id = warehouses.id and sl.on_hand > 0)`.as('skuCount'),
      sql<number>`(select coalesce(sum(sl.on_hand), 0)::int from stock_levels sl where sl.warehouse_id = warehouses.id)`.as('onHand'),
    ]);
  if (q.active !== undefined) qb = qb.where('active', '=', q.active);
  return qb.orderBy('priority').orderBy('id').execute();
}

export async function getWarehouse(db: Q, id: number) {
  const w = await db.selectFrom('warehouses').select(columns).where('id', '=', id).executeTakeFirst();
  if (!w) throw notFound(WAREHOUSE_ENTITY);
  return w;
}

/** A warehouse that stock may be moved into or counted: exists (404) and is active (409). */
export async function activeWarehouse(db: Q, id: number) {
  const w = await getWarehouse(db, id);
  if (!w.active) throw new AppError('WAREHOUSE_INACTIVE', 409, { warehouse: w.name });
  return w;
}

const uniqueProvinces = (p: string[] | undefined) => (p ? [...new Set(p)] : undefined);

export async function createWarehouse(db: Kysely<DB>, actor: Actor, input: WarehouseInput) {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('warehouses')
        .values({ code: input.code, name: input.name, address: input.address ?? null, provinces: uniqueProvinces(input.provinces) ?? [], priority: input.priority ?? 100, active: input.active ?? true })
        .returning(columns)
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'warehouse.create', entityType: 'warehouse', entityId: row.id, after: row });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('WAREHOUSE_CODE_TAKEN', { code: input.code });
    throw e;
  }
}

export async function updateWarehouse(db: Kysely<DB>, actor: Actor, id: number, patch: Partial<WarehouseInput>) {
  const before = await getWarehouse(db, id);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('warehouses')
        .set({ ...patch, provinces: uniqueProvinces(patch.provinces), updated_at: sql`now()` })
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'warehouse.update', entityType: 'warehouse', entityId: id, before, after: row });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('WAREHOUSE_CODE_TAKEN', { code: patch.code });
    throw e;
  }
}

/** Deletes a warehouse that never held stock; one with history must be deactivated instead. */
export async function deleteWarehouse(db: Kysely<DB>, actor: Actor, id: number) {
  const before = await getWarehouse(db, id);
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .selectFrom('warehouses as w')
      .select([
        sql<boolean>`exists (select 1 from stock_movements m where m.warehouse_id = w.id)
          or exists (select 1 from stock_levels l where l.warehouse_id = w.id and (l.on_hand > 0 or l.reserved > 0))
          or exists (select 1 from reservations r where r.warehouse_id = w.id)
          or exists (select 1 from stocktakes s where s.warehouse_id = w.id)
          or exists (select 1 from stock_documents d where d.warehouse_id = w.id or d.to_warehouse_id = w.id)`.as('used'),
      ])
      .where('w.id', '=', id)
      .executeTakeFirstOrThrow();
    if (used.used) throw conflict('WAREHOUSE_IN_USE', { warehouse: before.name });
    await trx.deleteFrom('stock_levels').where('warehouse_id', '=', id).execute();
    await trx.deleteFrom('warehouses').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'warehouse.delete', entityType: 'warehouse', entityId: id, before });
  });
}
