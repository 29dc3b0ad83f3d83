import type { SelectQueryBuilder } from 'kysely';
import type { DB } from './db-types';

export interface PageParams {
  page: number;
  pageSize: number;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Runs a list query as one page plus its total. The caller supplies a stable order
 * (ending in a unique column) so pages never overlap or skip rows.
 */
export async function paginate<O, TB extends keyof DB>(
  qb: SelectQueryBuilder<DB, TB, O>,
  { page, pageSize }: PageParams,
): Promise<Page<O>> {
  const [items, count] = await Promise.all([
    qb.limit(pageSize).offset((page - 1) * pageSize).execute(),
    qb
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { items, total: Number((count as { n?: number } | undefined)?.n ?? 0), page, pageSize };
}
