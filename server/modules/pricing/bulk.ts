import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import type { ItemRow } from './lists';
import './tables';

/**
 * Set-based price-list writes for imports and the ERP sync API (issue 19). A list is named; it is
 * created for a tier or a customer when missing. The quantity breaks of each (list, SKU) given
 * replace the stored ones only when they differ; other SKUs of the list stay.
 */
type Q = Kysely<DB> | Transaction<DB>;
export type Outcome = 'created' | 'updated' | 'unchanged';

export interface BulkList { name: string; tierId: number | null; companyId: number | null; items: ItemRow[] }

/** Price list name (lower case) → id and whom it is for. */
export async function priceListsByName(db: Q) {
  const rows = await db.selectFrom('price_lists').select(['id', 'name', 'kind', 'tier_id', 'company_id']).orderBy('id').execute();
  const out = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!out.has(r.name.toLowerCase())) out.set(r.name.toLowerCase(), r);
  return out;
}

const breaksKey = (items: { min_qty: number; fixed_price: number | null; discount_bp: number | null }[]) =>
  items.map((i) => `${i.min_qty}:${i.fixed_price ?? ''}:${i.discount_bp ?? ''}`).sort().join('|');

/** Writes the given lists' breaks; returns each "list name (lower):skuId" outcome. */
export async function upsertPriceItems(trx: Transaction<DB>, actor: Actor, lists: BulkList[], reason = 'import') {
  const known = await priceListsByName(trx);
  const outcome = new Map<string, Outcome>();
  const missing = lists.filter((l) => !known.has(l.name.toLowerCase()));
  for (const l of [...new Map(missing.map((m) => [m.name.toLowerCase(), m])).values()]) {
    const r = await trx.insertInto('price_lists').values({ name: l.name, kind: l.tierId != null ? 'tier' : 'customer', tier_id: l.tierId, company_id: l.tierId != null ? null : l.companyId, valid_from: null, valid_to: null, notes: null })
      .returning(['id', 'name', 'kind', 'tier_id', 'company_id']).executeTakeFirstOrThrow();
    known.set(l.name.toLowerCase(), r);
  }
  const listIds = lists.map((l) => known.get(l.name.toLowerCase())!.id);
  const skuIds = [...new Set(lists.flatMap((l) => l.items.map((i) => i.skuId)))];
  const stored = skuIds.length
    ? await trx.selectFrom('price_list_items').selectAll().where('price_list_id', 'in', [...new Set(listIds)]).where('sku_id', 'in', skuIds).execute()
    : [];
  const storedOf = new Map<string, typeof stored>();
  for (const s of stored) storedOf.set(`${s.price_list_id}:${s.sku_id}`, [...(storedOf.get(`${s.price_list_id}:${s.sku_id}`) ?? []), s]);
  const write: { listId: number; skuId: number; items: ItemRow[] }[] = [];
  lists.forEach((l, i) => {
    const bySku = new Map<number, ItemRow[]>();
    for (const it of l.items) bySku.set(it.skuId, [...(bySku.get(it.skuId) ?? []), it]);
    for (const [skuId, items] of bySku) {
      const k = `${listIds[i]}:${skuId}`;
      const want = breaksKey(items.map((x) => ({ min_qty: x.minQty, fixed_price: x.fixedPrice ?? null, discount_bp: x.discountBp ?? null })));
      const have = storedOf.get(k);
      const o: Outcome = !have ? 'created' : breaksKey(have) === want ? 'unchanged' : 'updated';
      outcome.set(`${l.name.toLowerCase()}:${skuId}`, o);
      if (o !== 'unchanged') write.push({ listId: listIds[i]!, skuId, items });
    }
  });
  if (write.length) {
    await sql`delete from price_list_items t using unnest(${write.map((w) => w.listId)}::bigint[], ${write.map((w) => w.skuId)}::bigint[]) as v(l, s)
      where t.price_list_id = v.l and t.sku_id = v.s`.execute(trx);
    const rows = write.flatMap((w) => w.items.map((it) => ({ l: w.listId, s: w.skuId, q: it.minQty, f: it.fixedPrice ?? null, d: it.discountBp ?? null })));
    await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price, discount_bp)
      select * from unnest(${rows.map((r) => r.l)}::bigint[], ${rows.map((r) => r.s)}::bigint[], ${rows.map((r) => r.q)}::int[], ${rows.map((r) => r.f)}::bigint[], ${rows.map((r) => r.d)}::int[])`.execute(trx);
    const touched = [...new Set(write.map((w) => w.listId))];
    await trx.updateTable('price_lists').set({ updated_at: sql`now()` }).where('id', 'in', touched).execute();
    await audit(trx, actor, { action: 'price_list.import', entityType: 'price_list', entityId: null, after: { lists: touched.length, skus: write.length } });
    for (const id of touched) await emit(trx, 'pricing.changed', { priceListId: id, skuIds: write.filter((w) => w.listId === id).map((w) => w.skuId).slice(0, 1000), reason });
  }
  return { outcome: (name: string, skuId: number) => outcome.get(`${name.toLowerCase()}:${skuId}`) ?? 'unchanged' };
}

/** Every price-list break with its list's tier name or customer code, for the template's export. */
export async function priceRowsForExport(db: Q) {
  return sql<{ list: string; tier: string | null; company_code: string | null; sku_code: string; min_qty: number; fixed_price: number | null; discount_bp: number | null }>`
    select l.name as list, t.name as tier, c.code as company_code, s.code as sku_code, i.min_qty, i.fixed_price, i.discount_bp
    from price_list_items i join price_lists l on l.id = i.price_list_id join skus s on s.id = i.sku_id
      left join customer_tiers t on t.id = l.tier_id left join companies c on c.id = l.company_id
    order by l.id, s.code, i.min_qty`.execute(db).then((r) => r.rows);
}
