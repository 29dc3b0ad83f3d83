import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import type { Actor } from '../auth/actor';
import { MAX_IMAGE_BYTES, readImage, storeImage } from '../catalog/images';
import { audit } from '../platform/audit';
import { getComplaint } from './complaints';
import { requestForActor } from './requests';
import { PHOTO_ENTITY } from './messages';

/**
 * Photos of after-sales requests and complaints (issue 14): read through lib/uploads (one file in
 * "file", at most 5 MB, multipart limits), checked by content and re-encoded to WebP with a
 * thumbnail by the catalog's image store (EXIF and GPS stripped). Unlike product images they are
 * private: served only through routes that check the viewer may read the request or complaint.
 */
export const MAX_PHOTOS = 9;

type Owner = { requestId: number } | { complaintId: number };

async function ownerFor(db: Kysely<DB>, actor: Actor, owner: Owner) {
  if ('requestId' in owner) {
    const r = await requestForActor(db, actor, owner.requestId);
    if (['rejected', 'completed', 'cancelled'].includes(r.status)) throw new AppError('PHOTO_CLOSED', 409, { number: r.number });
    return { companyId: r.companyId, number: r.number };
  }
  const c = await getComplaint(db, actor, owner.complaintId);
  if (c.status === 'closed') throw new AppError('PHOTO_CLOSED', 409, { number: c.number });
  return { companyId: c.companyId, number: c.number };
}

/** Stores an uploaded photo on a request or complaint the actor may see (404 otherwise). */
export async function addPhoto(db: Kysely<DB>, actor: Actor, owner: Owner, req: FastifyRequest) {
  // The body is read (within the upload limits) before the lookup, so a malformed upload is a 400
  // on every upload route whatever the id, as the upload tests require.
  const { file } = await readUpload(req, { field: 'file', maxBytes: MAX_IMAGE_BYTES + 1, kind: 'image', maxFields: 2 });
  const o = await ownerFor(db, actor, owner);
  if (!file || file.buffer.length === 0) throw new AppError('VALIDATION', 400, {}, [{ path: 'body.file', message: 'choose a photo (JPG, PNG or WebP)' }]);
  const img = await storeImage(file.buffer);
  const col = 'requestId' in owner ? { request_id: owner.requestId } : { complaint_id: owner.complaintId };
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('aftersales_photos').select((eb) => eb.fn.countAll<number>().as('n'));
    q = 'requestId' in owner ? q.where('request_id', '=', owner.requestId) : q.where('complaint_id', '=', owner.complaintId);
    if (Number((await q.executeTakeFirstOrThrow()).n) >= MAX_PHOTOS) throw new AppError('PHOTO_TOO_MANY', 409, { max: MAX_PHOTOS });
    const row = await trx.insertInto('aftersales_photos').values({
      company_id: o.companyId, ...col, image_id: img.id, width: img.w, height: img.h, side: actor.companyId != null ? 'customer' : 'staff', uploaded_by: actor.userId,
    }).returning(['id', 'side', 'width', 'height', 'created_at as createdAt']).executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'aftersales.photo', entityType: 'aftersales_photo', entityId: row.id, after: { ...owner, number: o.number, image: img.id } });
    return row;
  });
}

/** The photos of a request (the caller has checked the viewer may read it). */
export const photosOfRequest = (db: Kysely<DB> | Transaction<DB>, requestId: number) =>
  db.selectFrom('aftersales_photos').select(['id', 'side', 'width', 'height', 'created_at as createdAt']).where('request_id', '=', requestId).orderBy('id').execute();

/** The image of a photo, after checking the viewer may read what it belongs to (404 otherwise). */
export async function photoImage(db: Kysely<DB>, actor: Actor, photoId: number, size: 'main' | 'thumb'): Promise<Buffer> {
  const p = await db.selectFrom('aftersales_photos').select(['request_id', 'complaint_id', 'image_id', 'company_id']).where('id', '=', photoId).executeTakeFirst();
  if (!p || (actor.companyId != null && actor.companyId !== p.company_id)) throw notFound(PHOTO_ENTITY);
  try {
    if (p.request_id != null) await requestForActor(db, actor, p.request_id);
    else await getComplaint(db, actor, p.complaint_id!);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw notFound(PHOTO_ENTITY);
    throw e;
  }
  const body = await readImage(p.image_id, size);
  if (!body) throw notFound(PHOTO_ENTITY);
  return body;
}
