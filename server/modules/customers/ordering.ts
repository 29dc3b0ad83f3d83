import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { CUSTOMER_ENTITY } from './companies';
import { ADDRESS_ENTITY, addressColumns } from './profile';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What ordering reads about a customer, in one round trip: the terms (getCustomerTerms), the
 * buyer's per-order spending limit (null: none), and, when asked, one of the company's delivery
 * addresses. `address()` throws the address's 404 when it is not the company's, so a caller
 * reports it in its own order of checks.
 */
export async function getOrderingTerms(db: Db, companyId: number, buyerUserId: number | null, addressId?: number) {
  const c = await db
    .selectFrom('companies')
    .select(['id', 'status', 'payment_terms as paymentTerms', 'credit_days as creditDays', 'credit_limit as creditLimit', 'tier_id as tierId', 'sales_rep_id as salesRepId'])
    .select(sql<number | null>`(select l.order_limit from company_buyer_limits l where l.user_id = ${buyerUserId ?? 0})`.as('buyerLimit'))
    .select((eb) => (addressId == null ? sql<null>`null` : jsonObjectFrom(eb.selectFrom('company_addresses').select(addressColumns)
      .where('company_addresses.id', '=', addressId).where('company_addresses.company_id', '=', companyId))).as('address'))
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!c) throw notFound(CUSTOMER_ENTITY);
  const { buyerLimit, address, ...terms } = c;
  return {
    terms,
    buyerLimit: buyerUserId == null || buyerLimit == null ? null : Number(buyerLimit),
    address: () => {
      if (!address) throw notFound(ADDRESS_ENTITY);
      return address;
    },
  };
}
