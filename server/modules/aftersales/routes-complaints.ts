import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, page } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { ALL_STAFF, definePermissions } from '../auth/permissions';
import { once } from '../platform/idempotency';
import * as s from './schemas';
import type { Actor } from '../auth/actor';
import { createComplaint, getComplaint, listComplaints, replyComplaint, updateComplaint, type ComplaintInput } from './complaints';
import { addPhoto, photoImage } from './photos';

definePermissions({ 'complaints.handle': ALL_STAFF, 'complaints.raise': ['admin', 'sales'] });

const idemHeaders = z.object({ 'idempotency-key': z.string().min(1).max(128, 'at most 128 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional() });
const upload = { 200: s.photo, ...errors, 413: errors[400], 415: errors[400] };

/** Complaints (投诉与工单) and photos of requests and complaints, for the portal and the staff console. */
export async function complaintRoutes(app: RouteApp, { database, config, kickWorker }: ModuleContext) {
  const db = database.db;
  const my = ['my after-sales'];
  const tags = ['complaints'];
  const own = { permission: 'aftersales.own' };
  const staff = { permission: 'complaints.handle' };

  // the buyer's and the staff's filing differ only in the body's schema (staff name the customer); createComplaint checks who may file for whom
  const fileComplaint = async (actor: Actor, body: ComplaintInput, key: string | undefined) => {
    const made = key
      ? await db.transaction().execute((trx) => once(trx, `complaint:${actor.userId}`, key, body, () => createComplaint(db, actor, body, config.timeZone, trx))).then((r) => r.result)
      : await createComplaint(db, actor, body, config.timeZone);
    kickWorker();
    return getComplaint(db, actor, made.id);
  };

  // ---- portal ----
  app.get('/my/complaints', { schema: { tags: my, summary: 'My complaints', querystring: s.complaintListQuery, response: { 200: page(s.complaintListed), ...errors } }, config: own }, async (req) =>
    listComplaints(db, actorOf(req), req.query));
  app.post('/my/complaints', {
    schema: { tags: my, summary: 'File a complaint (tied to one of my orders or not) with its first message; Idempotency-Key: a retry returns the first', headers: idemHeaders, body: s.complaintBody, response: { 200: s.complaintDetail, ...errors } },
    config: own,
  }, (req) => fileComplaint(actorOf(req), req.body, req.headers['idempotency-key']));
  app.get('/my/complaints/:id', { schema: { tags: my, params: idParams, response: { 200: s.complaintDetail, ...errors } }, config: own }, async (req) => getComplaint(db, actorOf(req), req.params.id));
  app.post('/my/complaints/:id/messages', { schema: { tags: my, summary: 'Reply in the thread', params: idParams, body: s.replyBody, response: { 200: s.complaintDetail, ...errors } }, config: own }, async (req) => {
    await replyComplaint(db, actorOf(req), req.params.id, req.body);
    kickWorker();
    return getComplaint(db, actorOf(req), req.params.id);
  });
  app.patch('/my/complaints/:id', { schema: { tags: my, summary: 'Close my complaint', params: idParams, body: s.complaintPatch, response: { 200: s.complaintDetail, ...errors } }, config: own }, async (req) => {
    await updateComplaint(db, actorOf(req), req.params.id, req.body);
    return getComplaint(db, actorOf(req), req.params.id);
  });
  app.post('/my/complaints/:id/photos', {
    schema: { tags: my, summary: 'Add a photo (multipart "file": JPG, PNG or WebP, at most 5 MB)', params: idParams, consumes: ['multipart/form-data'], response: upload },
    config: own,
  }, async (req) => addPhoto(db, actorOf(req), { complaintId: req.params.id }, req));
  app.post('/my/aftersales/:id/photos', {
    schema: { tags: my, summary: 'Add a photo to my request (multipart "file": JPG, PNG or WebP, at most 5 MB)', params: idParams, consumes: ['multipart/form-data'], response: upload },
    config: own,
  }, async (req) => addPhoto(db, actorOf(req), { requestId: req.params.id }, req));
  app.get('/my/aftersales/photos/:id', {
    schema: { tags: my, summary: 'A photo of my request or complaint (WebP)', params: idParams, querystring: s.photoQuery },
    config: own,
  }, async (req, reply) => {
    const body = await photoImage(db, actorOf(req), req.params.id, req.query.size);
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(body);
  });

  // ---- staff ----
  app.get('/complaints', { schema: { tags, summary: 'Complaint inbox (sales reps: their customers and their own)', querystring: s.complaintListQuery, response: { 200: page(s.complaintListed), ...errors } }, config: staff }, async (req) =>
    listComplaints(db, actorOf(req), req.query));
  app.post('/complaints', {
    schema: {
      tags, summary: "File a complaint on a customer's behalf (admins: any customer, reps: their own), recorded as raised by the staff member; Idempotency-Key: a retry returns the first",
      headers: idemHeaders, body: s.staffComplaintBody, response: { 200: s.complaintDetail, ...errors },
    },
    config: { permission: 'complaints.raise' },
  }, (req) => fileComplaint(actorOf(req), req.body, req.headers['idempotency-key']));
  app.get('/complaints/assignees', { schema: { tags, summary: 'Active staff a complaint can be assigned to', response: { 200: z.array(s.assignee), ...errors } }, config: staff }, async () =>
    db.selectFrom('users').select(['id', 'name', 'role']).where('company_id', 'is', null).where('status', '=', 'active').orderBy('role').orderBy('id').execute());
  app.get('/complaints/:id', { schema: { tags, params: idParams, response: { 200: s.complaintDetail, ...errors } }, config: staff }, async (req) => getComplaint(db, actorOf(req), req.params.id));
  app.post('/complaints/:id/messages', { schema: { tags, summary: 'Reply to the customer', params: idParams, body: s.replyBody, response: { 200: s.complaintDetail, ...errors } }, config: staff }, async (req) => {
    await replyComplaint(db, actorOf(req), req.params.id, req.body);
    kickWorker();
    return getComplaint(db, actorOf(req), req.params.id);
  });
  app.patch('/complaints/:id', { schema: { tags, summary: 'Assign, resolve or close', params: idParams, body: s.complaintPatch, response: { 200: s.complaintDetail, ...errors } }, config: staff }, async (req) => {
    await updateComplaint(db, actorOf(req), req.params.id, req.body);
    kickWorker();
    return getComplaint(db, actorOf(req), req.params.id);
  });
  app.post('/complaints/:id/photos', {
    schema: { tags, summary: 'Add a photo (multipart "file")', params: idParams, consumes: ['multipart/form-data'], response: upload },
    config: staff,
  }, async (req) => addPhoto(db, actorOf(req), { complaintId: req.params.id }, req));
  app.post('/aftersales/:id/photos', {
    schema: { tags: ['aftersales'], summary: 'Add a photo to a request (multipart "file")', params: idParams, consumes: ['multipart/form-data'], response: upload },
    config: { permission: 'aftersales.act' },
  }, async (req) => addPhoto(db, actorOf(req), { requestId: req.params.id }, req));
  app.get('/aftersales/photos/:id', {
    schema: { tags: ['aftersales'], summary: 'A photo of a request or complaint (WebP)', params: idParams, querystring: s.photoQuery },
    config: { permission: 'aftersales.read' },
  }, async (req, reply) => {
    const body = await photoImage(db, actorOf(req), req.params.id, req.query.size);
    return reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(body);
  });
}
