import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess, getCustomerTerms, type CustomerTerms } from '../customers';
import { ensureAccount, postJournal } from './ledger';
import { overdueReceivable } from './aging';
import type { OrderPayMethod } from './tables';
import { defaultProviderName } from './provider';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

export const ORDER_PAY_METHODS: OrderPayMethod[] = ['online', 'transfer', 'balance', 'credit', 'cod'];

/** A customer's account: prepaid balance (what is held of it for orders waiting for approval, what is available), receivable, credit terms and hold. */
export async function getAccount(db: Db, actor: Actor, companyId: number) {
  await assertCustomerAccess(db, actor, companyId);
  const terms = await getCustomerTerms(db, companyId);
  const acc = await db.selectFrom('customer_accounts').selectAll().where('company_id', '=', companyId).executeTakeFirst();
  const c = await db.selectFrom('companies').select(['code', 'name']).where('id', '=', companyId).executeTakeFirstOrThrow();
  const receivable = acc?.receivable ?? 0;
  return {
    companyId,
    companyCode: c.code,
    companyName: c.name,
    balance: acc?.balance ?? 0,
    held: acc?.held ?? 0,
    available: (acc?.balance ?? 0) - (acc?.held ?? 0),
    receivable,
    paymentTerms: terms.paymentTerms,
    creditLimit: terms.creditLimit,
    creditDays: terms.creditDays,
    creditAvailable: terms.paymentTerms === 'credit' ? Math.max(terms.creditLimit - Math.max(receivable, 0), 0) : 0,
    onHold: acc?.credit_hold ?? false,
    holdReason: acc?.hold_reason ?? null,
  };
}

/** Accounts of every customer the actor may see, with balances (finance's balances screen). */
export async function listAccounts(db: Kysely<DB>, scope: { salesRepId?: number }, q: { q?: string; limit: number; offset: number }) {
  let qb = db
    .selectFrom('companies as c')
    .leftJoin('customer_accounts as a', 'a.company_id', 'c.id')
    .select([
      'c.id as companyId', 'c.code as companyCode', 'c.name as companyName', 'c.payment_terms as paymentTerms', 'c.credit_limit as creditLimit', 'c.credit_days as creditDays',
      sql<number>`coalesce(a.balance, 0)`.as('balance'), sql<number>`coalesce(a.held, 0)`.as('held'), sql<number>`coalesce(a.receivable, 0)`.as('receivable'),
      sql<boolean>`coalesce(a.credit_hold, false)`.as('onHold'), 'a.hold_reason as holdReason',
    ]);
  if (scope.salesRepId) qb = qb.where('c.sales_rep_id', '=', scope.salesRepId);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb = qb.where((eb) => eb.or([eb('c.name', 'ilike', like), eb('c.code', 'ilike', like)]));
  }
  const total = await qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await qb.orderBy('c.code').orderBy('c.id').limit(q.limit).offset(q.offset).execute();
  return { items: items.map((i) => ({ ...i, balance: Number(i.balance), held: Number(i.held), receivable: Number(i.receivable) })), total: Number(total.n) };
}

/** Finance puts a customer on credit hold (no new credit approvals) or lifts it. */
export async function setCreditHold(db: Kysely<DB>, actor: Actor, companyId: number, hold: boolean, reason: string | null) {
  await assertCustomerAccess(db, actor, companyId);
  await db.transaction().execute(async (trx) => {
    await ensureAccount(trx, companyId);
    await trx.updateTable('customer_accounts').set({ credit_hold: hold, hold_reason: hold ? reason : null, updated_at: sql`now()` }).where('company_id', '=', companyId).execute();
    await audit(trx, actor, { action: hold ? 'credit.hold' : 'credit.release', entityType: 'company', entityId: companyId, after: { hold, reason } });
    await emit(trx, hold ? 'credit.hold' : 'credit.released', { companyId, reason });
  });
}

/**
 * Credit position for review screens: terms, limit, what is outstanding, what is still available,
 * what is overdue (aging's rule, any payment method), hold. `configured` is false for customers without credit terms.
 */
export async function creditStatus(db: Db, companyId: number) {
  const terms = await getCustomerTerms(db, companyId);
  const acc = await db.selectFrom('customer_accounts').select(['receivable', 'credit_hold', 'hold_reason']).where('company_id', '=', companyId).executeTakeFirst();
  const outstanding = Math.max(acc?.receivable ?? 0, 0);
  // everything owed past its terms, as the aging report counts it (not only orders placed on credit)
  const overdue = await overdueReceivable(db, companyId, terms.creditDays);
  const configured = terms.paymentTerms === 'credit';
  return {
    configured,
    paymentTerms: terms.paymentTerms,
    creditLimit: terms.creditLimit,
    creditDays: terms.creditDays,
    outstanding,
    available: configured ? Math.max(terms.creditLimit - outstanding, 0) : 0,
    overdue,
    onHold: acc?.credit_hold ?? false,
    holdReason: acc?.hold_reason ?? null,
  };
}

/**
 * The credit check at approval, atomic: locks the customer's account row, then requires credit
 * terms, no hold, and outstanding receivables + amount ≤ limit (an order already charged counts
 * once). Writes nothing: the hold lasts for the caller's transaction, and the caller charges.
 */
export async function checkCreditLimit(trx: Transaction<DB>, companyId: number, amountFen: number, orderId?: number) {
  await ensureAccount(trx, companyId);
  const acc = await trx.selectFrom('customer_accounts').select(['receivable', 'credit_hold', 'hold_reason']).where('company_id', '=', companyId).forUpdate().executeTakeFirstOrThrow();
  const terms = await getCustomerTerms(trx, companyId);
  if (terms.paymentTerms !== 'credit') throw new AppError('CREDIT_NOT_ALLOWED', 409, { terms: terms.paymentTerms });
  if (acc.credit_hold) throw new AppError('CUSTOMER_ON_HOLD', 409, { reason: acc.hold_reason ?? '' });
  const charged = orderId != null && (await isCharged(trx, orderId));
  const outstanding = Math.max(acc.receivable, 0);
  const adding = charged ? 0 : amountFen;
  if (outstanding + adding > terms.creditLimit) {
    throw new AppError(
      'CREDIT_LIMIT_EXCEEDED', 409,
      { outstanding: formatYuan(outstanding), amount: formatYuan(amountFen), limit: formatYuan(terms.creditLimit) },
      { outstanding, amount: amountFen, limit: terms.creditLimit },
    );
  }
  return { ok: true as const, charged, outstanding: outstanding + adding, limit: terms.creditLimit, available: terms.creditLimit - outstanding - adding };
}

/**
 * The credit check with the charge: with `orderId` the order is charged to the receivable in the
 * same transaction, so the next check (which waits for the account lock) counts it.
 */
export async function creditCheck(trx: Transaction<DB>, companyId: number, amountFen: number, orderId?: number) {
  const r = await checkCreditLimit(trx, companyId, amountFen, orderId);
  if (orderId != null && !r.charged) await chargeOrder(trx, null, orderId);
  return { ok: r.ok, outstanding: r.outstanding, limit: r.limit, available: r.available };
}

async function isCharged(trx: Db, orderId: number) {
  return !!(await trx.selectFrom('ledger_journals').select('id').where('order_id', '=', orderId).where('kind', '=', 'order_charge').executeTakeFirst());
}

/**
 * Puts an order's total on the customer's receivable (once per order): at credit approval, or
 * with its first payment. Statements list orders from these journals.
 */
export async function chargeOrder(trx: Transaction<DB>, actor: Actor | null, orderId: number): Promise<void> {
  if (await isCharged(trx, orderId)) return;
  const o = await trx.selectFrom('orders').select(['company_id', 'total', 'number']).where('id', '=', orderId).executeTakeFirst();
  if (!o) throw notFound('订单 / order');
  if (o.total <= 0) return;
  await postJournal(trx, {
    companyId: o.company_id, kind: 'order_charge', orderId, actorId: actor?.userId ?? null, memo: o.number,
    lines: [{ account: 'receivable', amount: o.total }, { account: 'sales', amount: -o.total }],
  });
}

const TERMS_METHODS: Record<string, OrderPayMethod[]> = {
  prepay: ['online', 'transfer', 'balance'],
  cod: ['online', 'transfer', 'balance', 'cod'],
  credit: ['online', 'transfer', 'balance', 'credit'],
};

/** The supplier's enabled methods for this customer: its own rule, else its tier's, else the default. */
/** The most specific rule wins: the customer's, else its tier's, else the default; none: every method. */
function fromRules(rules: { scope: string; methods: string[] }[]): { methods: OrderPayMethod[]; source: 'company' | 'tier' | 'default' | 'builtin' } {
  for (const scope of ['company', 'tier', 'default'] as const) {
    const r = rules.find((x) => x.scope === scope);
    if (r) return { methods: ORDER_PAY_METHODS.filter((m) => r.methods.includes(m)), source: scope };
  }
  return { methods: [...ORDER_PAY_METHODS], source: 'builtin' };
}

/**
 * Payment methods this customer may use for an order: what the supplier enabled for the customer
 * or its tier, within what its payment terms allow (credit only with credit terms and no hold,
 * cash on delivery only with COD terms). The cart offers these at checkout.
 */
export async function allowedPaymentMethods(db: Db, companyId: number, known?: CustomerTerms): Promise<OrderPayMethod[]> {
  // callers that already read the terms (order submission) pass them: one round trip fewer
  const terms = known ?? (await getCustomerTerms(db, companyId));
  // the supplier's rules and the credit hold in one round trip (this runs in every order submission)
  const { rows } = await sql<{ hold: boolean; rules: { scope: string; methods: string[] }[] }>`
    select coalesce((select credit_hold from customer_accounts where company_id = ${companyId}), false) as hold,
      coalesce((select json_agg(json_build_object('scope', scope, 'methods', methods)) from payment_method_rules
        where (scope = 'company' and scope_id = ${companyId}) or (scope = 'tier' and scope_id = ${terms.tierId ?? 0}) or scope = 'default'), '[]'::json) as rules`.execute(db);
  const { hold, rules } = rows[0]!;
  const { methods } = fromRules(rules);
  const byTerms = TERMS_METHODS[terms.paymentTerms] ?? TERMS_METHODS.prepay!;
  const online = defaultProviderName() !== null;
  return methods.filter((m) => byTerms.includes(m) && !(m === 'credit' && hold) && (m !== 'online' || online));
}

export async function assertMethodAllowed(db: Db, companyId: number, method: OrderPayMethod) {
  const allowed = await allowedPaymentMethods(db, companyId);
  if (!allowed.includes(method)) throw new AppError('PAYMENT_METHOD_NOT_ALLOWED', 422, { method, allowed: allowed.join(', ') || '-' }, { allowed });
}

/** Sets (or clears, with null) the enabled methods for the default, a tier or a customer. */
export async function setMethodRule(db: Kysely<DB>, actor: Actor, scope: 'default' | 'tier' | 'company', scopeId: number, methods: OrderPayMethod[] | null) {
  const id = scope === 'default' ? 0 : scopeId;
  if (scope === 'company') await assertCustomerAccess(db, actor, id);
  if (scope === 'tier' && !(await db.selectFrom('customer_tiers').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('客户等级 / tier');
  await db.transaction().execute(async (trx) => {
    if (methods === null) await trx.deleteFrom('payment_method_rules').where('scope', '=', scope).where('scope_id', '=', id).execute();
    else {
      const list = ORDER_PAY_METHODS.filter((m) => methods.includes(m));
      await trx.insertInto('payment_method_rules').values({ scope, scope_id: id, methods: list })
        .onConflict((oc) => oc.columns(['scope', 'scope_id']).doUpdateSet({ methods: list, updated_at: sql`now()` })).execute();
    }
    await audit(trx, actor, { action: 'payments.methods', entityType: 'payment_method_rule', entityId: `${scope}:${id}`, after: methods });
  });
}

export function listMethodRules(db: Kysely<DB>) {
  return db.selectFrom('payment_method_rules').select(['scope', 'scope_id as scopeId', 'methods', 'updated_at as updatedAt']).orderBy('scope').orderBy('scope_id').execute();
}
