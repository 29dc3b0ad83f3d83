import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertMethodAllowed, creditCheck } from './accounts';
import { assertPayable, orderForActor, outstandingOf } from './order-payments';
import { lockOrderMoney, recordPaymentMethod } from '../orders/facts';
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
    assertPayable(await lockOrderMoney(trx, orderId, o.company_id), outstanding);
    if (method === 'credit') await creditCheck(trx, o.company_id, o.total, orderId);
    await recordPaymentMethod(trx, orderId, method);
    await audit(trx, actor, { action: 'order.payment_method', entityType: 'order', entityId: orderId, before: { paymentMethod: o.payment_method }, after: { paymentMethod: method } });
    await emit(trx, 'order.payment_method_chosen', { orderId, number: o.number, companyId: o.company_id, method });
  });
  return { orderId, paymentMethod: method };
}
