import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, id, idParams, ok, page, pageQuery } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { AppError, forbidden, validation } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';
import { definePermissions, ALL_STAFF } from '../auth/permissions';
import type { Actor } from '../auth/actor';
import * as s from './schemas';
import { createCompany, getCompany, listCompanies, updateCompany } from './companies';
import { createAddress, createBuyer, deleteAddress, getInvoiceProfile, listAddresses, listBuyers, listContacts, putInvoiceProfile, updateAddress, updateBuyer } from './profile';
import { createTier, deleteTier, listTiers, updateTier } from './tiers';
import { approveRegistration, getRegistration, listRegistrations, registrationLicence, rejectRegistration, submitRegistration } from './registrations';

definePermissions({
  'customers.read': ['admin', 'sales', 'finance'],
  'customers.manage': ['admin', 'sales', 'finance'],
  'customers.credit': ['admin', 'finance'],
  'customers.assign': ['admin'],
  'tiers.read': ALL_STAFF,
  'tiers.manage': ['admin'],
  'registrations.review': ['admin', 'sales'],
  'company.self': ['customer_admin', 'customer_buyer'],
  'company.manage': ['customer_admin'],
});

const addrParams = z.object({ id, addressId: id });
const buyerParams = z.object({ id, userId: id });
const myAddrParams = z.object({ addressId: id });
const myBuyerParams = z.object({ userId: id });

const myCompany = (actor: Actor) => {
  if (actor.companyId == null) throw forbidden();
  return actor.companyId;
};

export async function customerRoutes(app: RouteApp, { database }: ModuleContext) {
  const db = database.db;
  const tags = ['customers'];

  // ---- staff: customers ----
  app.get('/customers', {
    schema: { tags, summary: 'Customer list (sales reps see their own customers only)', querystring: pageQuery.extend(s.companyQuery.shape), response: { 200: page(s.company), ...errors } },
    config: { permission: 'customers.read' },
  }, async (req) => listCompanies(db, actorOf(req), req.query));

  app.post('/customers', { schema: { tags, body: s.companyBody, response: { 200: s.company, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    createCompany(db, actorOf(req), req.body));

  app.get('/customers/:id', { schema: { tags, params: idParams, response: { 200: s.company, ...errors } }, config: { permission: 'customers.read' } }, async (req) =>
    getCompany(db, actorOf(req), req.params.id));

  app.patch('/customers/:id', { schema: { tags, params: idParams, body: s.companyPatch, response: { 200: s.company, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    updateCompany(db, actorOf(req), req.params.id, req.body));

  app.get('/customers/:id/addresses', { schema: { tags, params: idParams, response: { 200: z.array(s.address), ...errors } }, config: { permission: 'customers.read' } }, async (req) =>
    listAddresses(db, actorOf(req), req.params.id));
  app.get('/customers/:id/contacts', {
    schema: { tags, summary: 'More contacts of the customer (the main contact is on the customer); the customer import adds them', params: idParams,
      response: { 200: z.array(z.object({ id: z.number(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() })), ...errors } },
    config: { permission: 'customers.read' },
  }, async (req) => listContacts(db, actorOf(req), req.params.id));
  app.post('/customers/:id/addresses', { schema: { tags, params: idParams, body: s.addressBody, response: { 200: s.address, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    createAddress(db, actorOf(req), req.params.id, req.body));
  app.patch('/customers/:id/addresses/:addressId', { schema: { tags, params: addrParams, body: s.addressPatch, response: { 200: s.address, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    updateAddress(db, actorOf(req), req.params.id, req.params.addressId, req.body));
  app.delete('/customers/:id/addresses/:addressId', { schema: { tags, params: addrParams, response: { 200: ok, ...errors } }, config: { permission: 'customers.manage' } }, async (req) => {
    await deleteAddress(db, actorOf(req), req.params.id, req.params.addressId);
    return { ok: true as const };
  });

  app.get('/customers/:id/invoice-profile', { schema: { tags, params: idParams, response: { 200: s.invoiceProfile.nullable(), ...errors } }, config: { permission: 'customers.read' } }, async (req) =>
    getInvoiceProfile(db, actorOf(req), req.params.id));
  app.put('/customers/:id/invoice-profile', { schema: { tags, params: idParams, body: s.invoiceBody, response: { 200: s.invoiceProfile, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    putInvoiceProfile(db, actorOf(req), req.params.id, req.body));

  app.get('/customers/:id/buyers', { schema: { tags, params: idParams, response: { 200: z.array(s.buyer), ...errors } }, config: { permission: 'customers.read' } }, async (req) =>
    listBuyers(db, actorOf(req), req.params.id));
  app.post('/customers/:id/buyers', {
    schema: { tags, params: idParams, body: s.buyerBody, response: { 200: z.object({ buyer: s.buyer, initialPassword: z.string().nullable() }), ...errors } },
    config: { permission: 'customers.manage' },
  }, async (req) => createBuyer(db, actorOf(req), req.params.id, req.body));
  app.patch('/customers/:id/buyers/:userId', { schema: { tags, params: buyerParams, body: s.buyerPatch, response: { 200: s.buyer, ...errors } }, config: { permission: 'customers.manage' } }, async (req) =>
    updateBuyer(db, actorOf(req), req.params.id, req.params.userId, req.body));

  // ---- staff: tiers ----
  app.get('/tiers', { schema: { tags: ['tiers'], response: { 200: z.array(s.tier), ...errors } }, config: { permission: 'tiers.read' } }, async () => listTiers(db));
  app.post('/tiers', { schema: { tags: ['tiers'], body: s.tierBody, response: { 200: s.tier, ...errors } }, config: { permission: 'tiers.manage' } }, async (req) =>
    createTier(db, actorOf(req), req.body));
  app.patch('/tiers/:id', { schema: { tags: ['tiers'], params: idParams, body: s.tierPatch, response: { 200: s.tier, ...errors } }, config: { permission: 'tiers.manage' } }, async (req) =>
    updateTier(db, actorOf(req), req.params.id, req.body));
  app.delete('/tiers/:id', { schema: { tags: ['tiers'], params: idParams, response: { 200: ok, ...errors } }, config: { permission: 'tiers.manage' } }, async (req) => {
    await deleteTier(db, actorOf(req), req.params.id);
    return { ok: true as const };
  });

  // ---- registrations ----
  app.post('/registrations', {
    schema: {
      tags: ['registrations'],
      summary: 'Apply to become a customer (multipart: the fields of registrationFields plus a `licence` image file)',
      consumes: ['multipart/form-data'],
      response: { 200: s.registration.pick({ id: true, status: true, companyName: true }), ...errors, 413: errors[400], 415: errors[400] },
    },
    config: { auth: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req) => {
    const { fields, file } = await readUpload(req, { field: 'licence', maxBytes: 8 * 1024 * 1024, kind: 'image' });
    const licence = file?.buffer ?? null;
    const parsed = s.registrationFields.safeParse(fields);
    if (!parsed.success) throw validation(parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
    if (!licence || licence.length === 0) throw new AppError('LICENCE_REQUIRED', 400, {}, [{ path: 'body.licence', message: 'required' }]);
    const r = await submitRegistration(db, parsed.data, licence);
    return { id: r.id, status: r.status, companyName: r.companyName };
  });

  app.get('/registrations', {
    schema: { tags: ['registrations'], querystring: pageQuery.extend({ status: z.enum(['pending', 'approved', 'rejected']).optional() }), response: { 200: page(s.registration), ...errors } },
    config: { permission: 'registrations.review' },
  }, async (req) => listRegistrations(db, req.query));
  app.get('/registrations/:id', { schema: { tags: ['registrations'], params: idParams, response: { 200: s.registration, ...errors } }, config: { permission: 'registrations.review' } }, async (req) =>
    getRegistration(db, req.params.id));
  app.get('/registrations/:id/licence', { schema: { tags: ['registrations'], params: idParams }, config: { permission: 'registrations.review' } }, async (req, reply) => {
    const img = await registrationLicence(db, req.params.id);
    reply.header('content-type', img.mime).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff');
    return reply.send(img.body);
  });
  app.post('/registrations/:id/approve', {
    schema: {
      tags: ['registrations'], params: idParams, body: s.approveBody,
      response: { 200: z.object({ registration: s.registration, companyId: z.number(), userId: z.number(), login: z.string(), initialPassword: z.string() }), ...errors },
    },
    config: { permission: 'registrations.review' },
  }, async (req) => approveRegistration(db, actorOf(req), req.params.id, req.body));
  app.post('/registrations/:id/reject', { schema: { tags: ['registrations'], params: idParams, body: s.rejectBody, response: { 200: s.registration, ...errors } }, config: { permission: 'registrations.review' } }, async (req) =>
    rejectRegistration(db, actorOf(req), req.params.id, req.body.reason));

  // ---- portal: my company ----
  const my = ['my company'];
  app.get('/my/company', { schema: { tags: my, response: { 200: s.company, ...errors } }, config: { permission: 'company.self' } }, async (req) => {
    const actor = actorOf(req);
    const c = await getCompany(db, actor, myCompany(actor));
    // customers do not see internal notes
    return { ...c, notes: null };
  });
  app.get('/my/addresses', { schema: { tags: my, response: { 200: z.array(s.address), ...errors } }, config: { permission: 'company.self' } }, async (req) => {
    const actor = actorOf(req);
    return listAddresses(db, actor, myCompany(actor));
  });
  app.post('/my/addresses', { schema: { tags: my, body: s.addressBody, response: { 200: s.address, ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    return createAddress(db, actor, myCompany(actor), req.body);
  });
  app.patch('/my/addresses/:addressId', { schema: { tags: my, params: myAddrParams, body: s.addressPatch, response: { 200: s.address, ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    return updateAddress(db, actor, myCompany(actor), req.params.addressId, req.body);
  });
  app.delete('/my/addresses/:addressId', { schema: { tags: my, params: myAddrParams, response: { 200: ok, ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    await deleteAddress(db, actor, myCompany(actor), req.params.addressId);
    return { ok: true as const };
  });
  app.get('/my/invoice-profile', { schema: { tags: my, response: { 200: s.invoiceProfile.nullable(), ...errors } }, config: { permission: 'company.self' } }, async (req) => {
    const actor = actorOf(req);
    return getInvoiceProfile(db, actor, myCompany(actor));
  });
  app.put('/my/invoice-profile', { schema: { tags: my, body: s.invoiceBody, response: { 200: s.invoiceProfile, ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    return putInvoiceProfile(db, actor, myCompany(actor), req.body);
  });
  app.get('/my/buyers', { schema: { tags: my, response: { 200: z.array(s.buyer), ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    return listBuyers(db, actor, myCompany(actor));
  });
  app.post('/my/buyers', {
    schema: { tags: my, body: s.buyerBody, response: { 200: z.object({ buyer: s.buyer, initialPassword: z.string().nullable() }), ...errors } },
    config: { permission: 'company.manage' },
  }, async (req) => {
    const actor = actorOf(req);
    return createBuyer(db, actor, myCompany(actor), req.body);
  });
  app.patch('/my/buyers/:userId', { schema: { tags: my, params: myBuyerParams, body: s.buyerPatch, response: { 200: s.buyer, ...errors } }, config: { permission: 'company.manage' } }, async (req) => {
    const actor = actorOf(req);
    return updateBuyer(db, actor, myCompany(actor), req.params.userId, req.body);
  });
}
