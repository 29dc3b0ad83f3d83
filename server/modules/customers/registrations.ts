import { sql, type Kysely } from 'kysely';
import { assertImagePixels, uploadedImage } from '../../lib/uploads';
import type { z } from 'zod';
import type { DB } from '../../lib/db-types';
import { AppError, conflict, isUniqueViolation, notFound, validation } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { paginate, type PageParams } from '../../lib/pagination';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { generatePassword, hashPassword } from '../auth/passwords';
import type { approveBody, registrationFields } from './schemas';
import './tables';

registerMessages({
  REGISTRATION_NOT_PENDING: { zh: '该申请已处理（{status}），不能重复审核', en: 'This application was already handled ({status})' },
  LICENCE_NOT_IMAGE: { zh: '营业执照须为 JPG、PNG 或 WebP 图片', en: 'The licence must be a JPG, PNG or WebP image' },
  LICENCE_REQUIRED: { zh: '请上传营业执照照片', en: 'Please upload a photo of the business licence' },
  LOGIN_TAKEN: { zh: '登录名“{login}”已被使用', en: 'The login "{login}" is already taken' },
  COMPANY_CODE_TAKEN: { zh: '客户编码“{code}”已存在', en: 'The customer code "{code}" is already used' },
});

const ENTITY = '注册申请 / application';

const columns = [
  'id', 'company_name as companyName', 'contact_name as contactName', 'contact_phone as contactPhone', 'email', 'province', 'city', 'district',
  'address', 'licence_no as licenceNo', 'login', 'message', 'status', 'reject_reason as rejectReason', 'company_id as companyId',
  'reviewed_at as reviewedAt', 'created_at as createdAt',
] as const;

/** Re-encodes an uploaded licence photo as JPEG (≤ 2000 px, EXIF and GPS stripped); rejects non-images. */
export async function normaliseLicence(buf: Buffer): Promise<Buffer> {
  await assertImagePixels(buf);
  try {
    const meta = await uploadedImage(buf).metadata();
    if (!meta.format || !['jpeg', 'png', 'webp', 'heif'].includes(meta.format)) throw new Error('format');
    return await uploadedImage(buf).rotate().resize({ width: 2000, height: 2000, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toBuffer();
  } catch {
    throw new AppError('LICENCE_NOT_IMAGE', 400);
  }
}

export async function submitRegistration(db: Kysely<DB>, input: z.infer<typeof registrationFields>, licence: Buffer) {
  const taken = await db.selectFrom('users').select('id').where(sql<boolean>`lower(login) = lower(${input.login})`).executeTakeFirst();
  if (taken) throw new AppError('LOGIN_TAKEN', 409, { login: input.login }, [{ path: 'login', message: 'taken' }]);
  const image = await normaliseLicence(licence);
  const id = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('customer_registrations')
      .values({
        company_name: input.companyName, contact_name: input.contactName, contact_phone: input.contactPhone, email: input.email ?? null,
        province: input.province, city: input.city, district: input.district ?? null, address: input.address ?? null,
        licence_no: input.licenceNo ?? null, licence_image: image, licence_mime: 'image/jpeg', login: input.login, message: input.message ?? null,
        company_id: null, reviewed_by: null, reviewed_at: null, reject_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emit(trx, 'customer.registration_submitted', { registrationId: r.id, companyName: input.companyName });
    return r.id;
  });
  return getRegistration(db, id);
}

export async function getRegistration(db: Kysely<DB>, id: number) {
  const r = await db.selectFrom('customer_registrations').select([...columns, sql<boolean>`licence_image is not null`.as('hasLicence')]).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(ENTITY);
  return r;
}

export async function listRegistrations(db: Kysely<DB>, q: PageParams & { status?: 'pending' | 'approved' | 'rejected' }) {
  let qb = db.selectFrom('customer_registrations').select([...columns, sql<boolean>`licence_image is not null`.as('hasLicence')]);
  if (q.status) qb = qb.where('status', '=', q.status);
  return paginate(qb.orderBy('id', 'desc'), q);
}

export async function registrationLicence(db: Kysely<DB>, id: number) {
  const r = await db.selectFrom('customer_registrations').select(['licence_image', 'licence_mime']).where('id', '=', id).executeTakeFirst();
  if (!r?.licence_image) throw notFound(ENTITY);
  return { body: Buffer.from(r.licence_image), mime: r.licence_mime ?? 'image/jpeg' };
}

/**
 * Approves an application: creates the company (status active) and its customer admin with a
 * generated password (returned once), in one transaction.
 */
export async function approveRegistration(db: Kysely<DB>, actor: Actor, id: number, input: z.infer<typeof approveBody>) {
  const reg = await getRegistration(db, id);
  if (reg.status !== 'pending') throw conflict('REGISTRATION_NOT_PENDING', { status: reg.status });
  if (input.tierId != null && !(await db.selectFrom('customer_tiers').select('id').where('id', '=', input.tierId).executeTakeFirst())) {
    throw validation([{ path: 'tierId', message: 'unknown tier' }]);
  }
  const salesRepId = actor.role === 'sales' ? actor.userId : (input.salesRepId ?? null);
  if (salesRepId != null && !(await db.selectFrom('users').select('id').where('id', '=', salesRepId).where('role', '=', 'sales').where('status', '=', 'active').executeTakeFirst())) {
    throw validation([{ path: 'salesRepId', message: 'not a sales rep' }]);
  }
  const password = generatePassword();
  const hash = await hashPassword(password);
  try {
    const result = await db.transaction().execute(async (trx) => {
      // the conditional update makes a concurrent second approval fail instead of creating twice
      const claimed = await trx.updateTable('customer_registrations').set({ status: 'approved', reviewed_by: actor.userId, reviewed_at: sql`now()` })
        .where('id', '=', id).where('status', '=', 'pending').returning('id').executeTakeFirst();
      if (!claimed) throw conflict('REGISTRATION_NOT_PENDING', { status: 'approved' });
      const c = await trx.insertInto('companies').values({
        code: input.code, name: reg.companyName, contact_name: reg.contactName, contact_phone: reg.contactPhone, email: reg.email,
        province: reg.province, city: reg.city, district: reg.district, address: reg.address, tier_id: input.tierId ?? null,
        sales_rep_id: salesRepId, payment_terms: input.paymentTerms ?? 'prepay',
      }).returning('id').executeTakeFirstOrThrow();
      const u = await trx.insertInto('users').values({
        login: reg.login, name: reg.contactName, role: 'customer_admin', company_id: c.id, phone: reg.contactPhone, email: reg.email, password_hash: hash,
      }).returning('id').executeTakeFirstOrThrow();
      if (reg.address) {
        await trx.insertInto('company_addresses').values({
          company_id: c.id, recipient: reg.contactName, phone: reg.contactPhone, province: reg.province, city: reg.city, district: reg.district,
          address: reg.address, postcode: null, is_default: true,
        }).execute();
      }
      await trx.updateTable('customer_registrations').set({ company_id: c.id }).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'registration.approve', entityType: 'customer_registration', entityId: id, after: { companyId: c.id, userId: u.id, ...input } });
      await emit(trx, 'customer.registration_approved', { registrationId: id, companyId: c.id, userId: u.id, email: reg.email, login: reg.login });
      await emit(trx, 'customer.created', { companyId: c.id, code: input.code, name: reg.companyName });
      return { companyId: c.id, userId: u.id };
    });
    return { registration: await getRegistration(db, id), ...result, login: reg.login, initialPassword: password };
  } catch (e) {
    if (isUniqueViolation(e, 'users_login')) throw conflict('LOGIN_TAKEN', { login: reg.login });
    if (isUniqueViolation(e)) throw conflict('COMPANY_CODE_TAKEN', { code: input.code });
    throw e;
  }
}

export async function rejectRegistration(db: Kysely<DB>, actor: Actor, id: number, reason: string) {
  const reg = await getRegistration(db, id);
  if (reg.status !== 'pending') throw conflict('REGISTRATION_NOT_PENDING', { status: reg.status });
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('customer_registrations').set({ status: 'rejected', reject_reason: reason, reviewed_by: actor.userId, reviewed_at: sql`now()` })
      .where('id', '=', id).where('status', '=', 'pending').returning('id').executeTakeFirst();
    if (!r) throw conflict('REGISTRATION_NOT_PENDING', { status: 'handled' });
    await audit(trx, actor, { action: 'registration.reject', entityType: 'customer_registration', entityId: id, after: { reason } });
    await emit(trx, 'customer.registration_rejected', { registrationId: id, email: reg.email, reason });
  });
  return getRegistration(db, id);
}
