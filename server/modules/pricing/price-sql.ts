import { sql, type RawBuilder } from 'kysely';

/**
 * The customer's unit price at quantity 1 as a SQL expression over the SKU row `skuAlias`, for
 * price filters and sorts inside catalog search. It encodes exactly the rule of resolve.ts
 * (customer list > tier list > tier discount > base; latest valid_from, then newest list;
 * discounts rounded half away from zero in fen) — pricing.test.ts checks both agree on random
 * data. Prices shown or charged use resolvePrices; this is for filtering and ordering.
 */
export function customerPriceSql(companyId: number | null, skuAlias: string, at: Date = new Date()): RawBuilder<number> {
  const s = (col: string) => sql.ref(`${skuAlias}.${col}`);
  if (companyId == null) return sql<number>`${s('base_price')}`;
  return sql<number>`coalesce(
    (select coalesce(pi.fixed_price, (${s('base_price')} * (10000 - pi.discount_bp) + 5000) / 10000)
       from price_list_items pi join price_lists ppl on ppl.id = pi.price_list_id
       where pi.sku_id = ${s('id')} and pi.min_qty <= 1 and ppl.active
         and (ppl.valid_from is null or ppl.valid_from <= ${at}) and (ppl.valid_to is null or ppl.valid_to > ${at})
         and (ppl.company_id = ${companyId} or ppl.tier_id = (select pc.tier_id from companies pc where pc.id = ${companyId}))
       order by (ppl.kind = 'customer') desc, ppl.valid_from desc nulls last, ppl.id desc
       limit 1),
    (${s('base_price')} * (10000 - coalesce((select pt.discount_bp from companies pc join customer_tiers pt on pt.id = pc.tier_id where pc.id = ${companyId}), 0)) + 5000) / 10000
  )`;
}
