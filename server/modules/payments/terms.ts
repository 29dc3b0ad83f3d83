import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertMethodAllowed, creditCheck } from './accounts';
import { assertPayable, orderForActor, outstandingOf } from './order-payments';
import './tables';

/**
 * The buyer chooses to pay later: on credit terms (checked and charged atomically against the
 * credit limit) or cash on delivery. The order's payment method records the choice.
 */
export async function chooseDeferred(db: Kysely<DB>, actor: Actor, orderId: number, method: 'credit' | 'cod') {
  const o = await orderForActor(db, actor, orderId);
  const outstanding = outstandingOf(o);
  assertPayable(o, outstanding);
  await assertMethodAllowed(db, o.company_id, method);
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('orders').select('id').where('id', '=', orderId).forUpdate().execute();
    if (method === 'credit') await creditCheck(trx, o.company_id, o.total, orderId);
    await trx.updateTable('orders').set({ payment_method: method, updated_at: sql`now()` }).where('id', '=', orderId).execute();
    await audit(trx, actor, { action: 'order.payment_method', entityType: 'order', entityId: orderId, before: { paymentMethod: o.payment_method }, after: { paymentMethod: method } });
    await emit(trx, 'order.payment_method_chosen', { orderId, number: o.number, companyId: o.company_id, method });
  });
  return { orderId, paymentMethod: method };
}
