import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { assignDayNumber } from '../../lib/day-numbers';
import { AppError, notFound, validation } from '../../lib/errors';
import type { PageParams } from '../../lib/pagination';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess, customerScope } from '../customers';
import { notify } from '../notifications';
import { lockOrder } from '../orders';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { COMPLAINT_ENTITY } from './messages';
import { getAftersalesSettings, requestOverdue } from './requests';
import type { ComplaintStatus } from './tables';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * Complaints and tickets (投诉与工单): a customer's thread with the supplier's staff, tied to an
 * order or not. A staff reply makes it 已回复 (answered; the first one is the first response), a
 * customer reply 待处理 (open) again, also after 已解决; staff resolve it, either side closes it.
 * Every reply notifies the other side: the customer who raised it, or the assignee (else the
 * admins). Overdue: no first response within the company's response target, or not resolved
 * within the resolution target (hours, in the after-sales settings).
 */
const base = (db: Q) =>
  db.selectFrom('aftersales_complaints as t')
    .innerJoin('companies as c', 'c.id', 't.company_id')
    .leftJoin('orders as o', 'o.id', 't.order_id')
    .leftJoin('users as a', 'a.id', 't.assignee_user_id')
    .leftJoin('users as rb', 'rb.id', 't.raised_by_user_id')
    .leftJoin('users as cu', 'cu.id', 't.customer_user_id');

function visible(actor: Actor) {
  const scope = customerScope(actor);
  return (qb: ReturnType<typeof base>) => {
    let q = qb;
    if ('companyId' in scope) {
      q = q.where('t.company_id', '=', scope.companyId);
      if (actor.role !== 'customer_admin') q = q.where((eb) => eb.or([eb('t.raised_by_user_id', '=', actor.userId), eb('t.customer_user_id', '=', actor.userId)]));
    }
    if ('salesRepId' in scope) q = q.where((eb) => eb.or([eb('c.sales_rep_id', '=', scope.salesRepId), eb('t.assignee_user_id', '=', actor.userId)]));
    return q;
  };
}

/** SQL: the complaint is past its first-response or resolution target (hours). */
export const complaintOverdue = (responseHours: number, resolveHours: number) => sql<boolean>`(
  t.status in ('open', 'answered') and (
    (t.first_response_at is null and t.created_at < now() - make_interval(hours => ${responseHours}::int))
    or t.created_at < now() - make_interval(hours => ${resolveHours}::int)))`;

const columns = (o: { responseHours: number; resolveHours: number }) => [
  't.id', 't.number', 't.company_id as companyId', 'c.name as companyName', 't.order_id as orderId', 'o.number as orderNumber', 't.subject', 't.status', 't.version',
  't.assignee_user_id as assigneeUserId', 'a.name as assigneeName', 't.first_response_at as firstResponseAt', 't.resolved_at as resolvedAt', 't.last_message_at as lastMessageAt',
  't.created_at as createdAt', 't.updated_at as updatedAt', complaintOverdue(o.responseHours, o.resolveHours).as('overdue'),
  't.source', 'rb.name as raisedByName', 'cu.name as customerUserName',
] as const;

export interface ComplaintListQuery extends PageParams { status?: ComplaintStatus; assignee?: 'me' | 'none'; overdue?: boolean; search?: string }

export async function listComplaints(db: Q, actor: Actor, q: ComplaintListQuery) {
  const st = await getAftersalesSettings(db);
  let qb = visible(actor)(base(db));
  if (q.status) qb = qb.where('t.status', '=', q.status);
  if (q.assignee === 'me') qb = qb.where('t.assignee_user_id', '=', actor.userId);
  if (q.assignee === 'none') qb = qb.where('t.assignee_user_id', 'is', null);
  if (q.overdue) qb = qb.where(complaintOverdue(st.complaintResponseHours, st.complaintResolveHours));
  if (q.search) qb = qb.where((eb) => eb.or([eb('t.number', 'ilike', `%${q.search}%`), eb('t.subject', 'ilike', `%${q.search}%`), eb('c.name', 'ilike', `%${q.search}%`)]));
  const items = await qb.select([...columns({ responseHours: st.complaintResponseHours, resolveHours: st.complaintResolveHours })]).orderBy('t.last_message_at', 'desc').orderBy('t.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const total = Number((await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

async function headFor(db: Q, actor: Actor, id: number) {
  const st = await getAftersalesSettings(db);
  const r = await visible(actor)(base(db)).select([...columns({ responseHours: st.complaintResponseHours, resolveHours: st.complaintResolveHours })]).where('t.id', '=', id).executeTakeFirst();
  if (!r) throw notFound(COMPLAINT_ENTITY);
  return r;
}

/** A complaint with its thread and photos, or 404 outside the viewer's scope. */
export async function getComplaint(db: Q, actor: Actor, id: number) {
  const head = await headFor(db, actor, id);
  const messages = await db.selectFrom('aftersales_complaint_messages').select(['id', 'side', 'author_label as authorLabel', 'body', 'created_at as createdAt']).where('complaint_id', '=', id).orderBy('id').execute();
  const photos = await db.selectFrom('aftersales_photos').select(['id', 'side', 'width', 'height', 'created_at as createdAt']).where('complaint_id', '=', id).orderBy('id').execute();
  return { ...head, messages, photos };
}

const label = (actor: Actor) => `${actor.name} (${actor.role})`;
const isCustomer = (actor: Actor) => actor.companyId != null;

export interface ComplaintInput {
  orderId?: number | null;
  subject: string;
  body: string;
  /** staff filing for a customer: the customer, and optionally its user the complaint is for */
  companyId?: number | null;
  customerUserId?: number | null;
}

/**
 * Files a complaint with its first message, tied to one of the customer's orders or not. A
 * customer files its own. Staff file one on a customer's behalf (admins: any customer, reps: their
 * own): recorded as raised by the staff member (source 'staff', the first message theirs), for the
 * customer's user given (or the customer's admins), who see it in the portal and get its notices.
 */
export async function createComplaint(db: Kysely<DB>, actor: Actor, input: ComplaintInput, timeZone: string, inTrx?: Transaction<DB>) {
  const staff = !isCustomer(actor);
  if (staff && input.companyId == null) throw validation([{ path: 'body.companyId', message: 'required: the customer the complaint is for' }]);
  if (!staff && (input.companyId != null || input.customerUserId != null)) throw validation([{ path: 'body.companyId', message: 'customers file for themselves' }]);
  const companyId = staff ? input.companyId! : actor.companyId!;
  const run = async (trx: Transaction<DB>) => {
    if (staff) await assertCustomerAccess(trx, actor, companyId);
    if (input.orderId != null) {
      const o = await lockOrder(trx, actor, input.orderId, false);
      if (o.company_id !== companyId) throw validation([{ path: 'body.orderId', message: 'not an order of this customer' }]);
    }
    if (input.customerUserId != null) {
      const u = await trx.selectFrom('users').select('id').where('id', '=', input.customerUserId).where('company_id', '=', companyId).where('status', '=', 'active').executeTakeFirst();
      if (!u) throw validation([{ path: 'body.customerUserId', message: 'not an active user of this customer' }]);
    }
    const customerUserId = staff ? (input.customerUserId ?? null) : actor.userId;
    const now = new Date();
    const row = await trx.insertInto('aftersales_complaints').values({
      number: `tmp-${actor.userId}-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`, company_id: companyId, order_id: input.orderId ?? null,
      subject: input.subject, raised_by_user_id: actor.userId, source: staff ? 'staff' : 'customer', customer_user_id: customerUserId, last_message_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const number = await assignDayNumber(trx, { counters: 'aftersales_complaint_counters', table: 'aftersales_complaints', id: row.id, prefix: 'TS', timeZone, at: now });
    await trx.insertInto('aftersales_complaint_messages').values({ complaint_id: row.id, side: staff ? 'staff' : 'customer', author_user_id: actor.userId, author_label: label(actor), body: input.body }).execute();
    await emit(trx, 'complaint.created', { complaintId: row.id, number, companyId, source: staff ? 'staff' : 'customer' });
    await audit(trx, actor, { action: 'complaint.create', entityType: 'aftersales_complaint', entityId: row.id, after: { number, subject: input.subject, orderId: input.orderId ?? null, companyId, source: staff ? 'staff' : 'customer', customerUserId } });
    const salesRep = await salesRepOf(trx, companyId);
    await noticeStaff(trx, { id: row.id, number, assignee: null, salesRep, title: staff ? `新投诉（${actor.name} 代客登记）：${number}` : `新投诉：${number}`, body: input.subject, except: actor.userId });
    if (staff) await noticeCustomer(trx, { id: row.id, number, userId: customerUserId, companyId, zh: `已为您登记投诉 ${number}`, en: `Complaint ${number} filed for you`, body: input.subject });
    return { id: row.id, number };
  };
  return inTrx ? run(inTrx) : db.transaction().execute(run);
}

async function lockComplaint(trx: Transaction<DB>, actor: Actor, id: number, version?: number) {
  const head = await headFor(trx, actor, id);
  const r = await trx.selectFrom('aftersales_complaints').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (version != null && version !== r.version) throw new AppError('COMPLAINT_VERSION_CONFLICT', 409, { number: r.number, version: r.version }, { version: r.version, status: r.status });
  return { ...r, companyName: head.companyName };
}

/** The customer's user a complaint is for: who filed it, or (filed by staff) the user named then. */
const customerOf = (r: { source: 'customer' | 'staff'; raised_by_user_id: number | null; customer_user_id: number | null }) => (r.source === 'customer' ? (r.customer_user_id ?? r.raised_by_user_id) : r.customer_user_id);

const salesRepOf = async (trx: Transaction<DB>, companyId: number) =>
  (await trx.selectFrom('companies').select('sales_rep_id').where('id', '=', companyId).executeTakeFirst())?.sales_rep_id ?? null;

/** Adds a message. Staff: 已回复 (the first reply is the first response). Customer: 待处理 again. Not on a closed one. */
export async function replyComplaint(db: Kysely<DB>, actor: Actor, id: number, input: { body: string; version?: number }) {
  return db.transaction().execute(async (trx) => {
    const r = await lockComplaint(trx, actor, id, input.version);
    if (r.status === 'closed') throw new AppError('COMPLAINT_CLOSED', 409, { number: r.number });
    const side = isCustomer(actor) ? 'customer' : 'staff';
    const now = new Date();
    await trx.insertInto('aftersales_complaint_messages').values({ complaint_id: r.id, side, author_user_id: actor.userId, author_label: label(actor), body: input.body, created_at: now }).execute();
    const status: ComplaintStatus = side === 'staff' ? 'answered' : 'open';
    await trx.updateTable('aftersales_complaints').set({
      status, version: r.version + 1, last_message_at: now, updated_at: now,
      ...(side === 'staff' && !r.first_response_at ? { first_response_at: now } : {}),
      ...(side === 'staff' && r.assignee_user_id == null ? { assignee_user_id: actor.userId } : {}),
      ...(status === 'open' ? { resolved_at: null } : {}),
    }).where('id', '=', r.id).execute();
    await emit(trx, 'complaint.replied', { complaintId: r.id, number: r.number, companyId: r.company_id, side });
    const excerpt = input.body.length > 80 ? `${input.body.slice(0, 80)}…` : input.body;
    if (side === 'staff') await noticeCustomer(trx, { id: r.id, number: r.number, userId: customerOf(r), companyId: r.company_id, zh: `投诉 ${r.number} 有新回复`, en: `New reply on complaint ${r.number}`, body: excerpt });
    else await noticeStaff(trx, { id: r.id, number: r.number, assignee: r.assignee_user_id, salesRep: await salesRepOf(trx, r.company_id), title: `投诉 ${r.number} 客户回复`, body: excerpt, except: actor.userId });
  });
}

/** Staff assign, resolve or close; the customer may close (or confirm resolved by closing). */
export async function updateComplaint(db: Kysely<DB>, actor: Actor, id: number, input: { status?: 'resolved' | 'closed'; assigneeUserId?: number | null; version?: number }) {
  return db.transaction().execute(async (trx) => {
    const r = await lockComplaint(trx, actor, id, input.version);
    const customer = isCustomer(actor);
    if (customer && (input.assigneeUserId !== undefined || input.status === 'resolved')) throw new AppError('FORBIDDEN', 403);
    if (r.status === 'closed') throw new AppError('COMPLAINT_CLOSED', 409, { number: r.number });
    if (input.assigneeUserId != null) {
      const u = await trx.selectFrom('users').select('id').where('id', '=', input.assigneeUserId).where('company_id', 'is', null).where('status', '=', 'active').executeTakeFirst();
      if (!u) throw validation([{ path: 'body.assigneeUserId', message: 'not an active staff member' }]);
    }
    const now = new Date();
    const set: Record<string, unknown> = { version: r.version + 1, updated_at: now };
    if (input.assigneeUserId !== undefined) set.assignee_user_id = input.assigneeUserId;
    if (input.status) set.status = input.status;
    if (input.status === 'resolved') set.resolved_at = now;
    if (input.status === 'closed' && !r.resolved_at) set.resolved_at = now;
    await trx.updateTable('aftersales_complaints').set(set as never).where('id', '=', r.id).execute();
    await audit(trx, actor, { action: 'complaint.update', entityType: 'aftersales_complaint', entityId: r.id, before: { status: r.status, assignee: r.assignee_user_id }, after: input });
    if (input.status) {
      await emit(trx, `complaint.${input.status}`, { complaintId: r.id, number: r.number, companyId: r.company_id });
      const zh = input.status === 'resolved' ? '已解决' : '已关闭';
      if (!customer) await noticeCustomer(trx, { id: r.id, number: r.number, userId: customerOf(r), companyId: r.company_id, zh: `投诉 ${r.number} ${zh}`, en: `Complaint ${r.number} ${input.status}`, body: r.subject });
    }
    if (input.assigneeUserId != null && input.assigneeUserId !== actor.userId) {
      await notify(trx, { kind: 'complaint.queue', userIds: [input.assigneeUserId], title: `投诉 ${r.number} 已分派给您`, body: `${r.companyName}：${r.subject}`, link: `/admin/complaints/${r.id}`, entity: { type: 'aftersales_complaint', id: r.id }, email: true });
    }
  });
}

/** The customer's side of a complaint: its user (in-app and email, in their language), or the customer's admins when staff filed it for nobody in particular. */
async function noticeCustomer(trx: Transaction<DB>, n: { id: number; number: string; userId: number | null; companyId: number; zh: string; en: string; body: string }) {
  const users = n.userId
    ? await trx.selectFrom('users').select(['id', 'locale']).where('id', '=', n.userId).execute()
    : await trx.selectFrom('users').select(['id', 'locale']).where('company_id', '=', n.companyId).where('role', '=', 'customer_admin').where('status', '=', 'active').execute();
  for (const u of users) {
    const en = !!u.locale?.toLowerCase().startsWith('en');
    await notify(trx, { kind: 'complaint.reply', userIds: [u.id], title: en ? n.en : n.zh, body: n.body, link: `/complaints/${n.id}`, entity: { type: 'aftersales_complaint', id: n.id }, email: true });
  }
}

/** Staff concerned by a complaint: its assignee, else the customer's rep and the admins — in-app and by email (`except`: who acted). */
async function noticeStaff(trx: Transaction<DB>, n: { id: number; number: string; assignee: number | null; salesRep: number | null; title: string; body: string; except?: number }) {
  let userIds = n.assignee ? [n.assignee] : [];
  if (!n.assignee) {
    if (n.salesRep) userIds.push(n.salesRep);
    userIds.push(...(await trx.selectFrom('users').select('id').where('company_id', 'is', null).where('role', '=', 'admin').where('status', '=', 'active').execute()).map((u) => u.id));
  }
  userIds = [...new Set(userIds)].filter((id) => id !== n.except);
  if (!userIds.length) return;
  await notify(trx, {
    kind: 'complaint.queue', userIds, title: n.title, body: n.body,
    link: `/admin/complaints/${n.id}`, entity: { type: 'aftersales_complaint', id: n.id }, email: true,
  });
}

/** Counts for the staff todo: requests past the SLA (their scope) and complaints past a target. */
export async function aftersalesTodo(db: Kysely<DB>, actor: Actor): Promise<{ requestsOverdue: number; complaintsOverdue: number }> {
  const st = await getAftersalesSettings(db);
  const scope = customerScope(actor);
  let rq = db.selectFrom('aftersales_requests as r').innerJoin('companies as c', 'c.id', 'r.company_id').select((eb) => eb.fn.countAll<number>().as('n')).where(requestOverdue(st.slaHours));
  if ('salesRepId' in scope) rq = rq.where('c.sales_rep_id', '=', scope.salesRepId);
  const cq = visible(actor)(base(db)).select((eb) => eb.fn.countAll<number>().as('n')).where(complaintOverdue(st.complaintResponseHours, st.complaintResolveHours));
  const [r, c] = await Promise.all([rq.executeTakeFirstOrThrow(), cq.executeTakeFirstOrThrow()]);
  return { requestsOverdue: Number(r.n), complaintsOverdue: Number(c.n) };
}
