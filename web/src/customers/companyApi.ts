import { client, type Body } from '../lib/client';

/**
 * The company panels' calls (addresses, buyers, invoice profile), typed: staff reach a customer
 * through /api/customers/{id}/…, a customer admin their own company through /api/my/… (companyId
 * null). Both sides take the same bodies and answer the same shapes.
 */
export function companyApi(companyId: number | null) {
  const id = companyId;
  return {
    addresses: () => (id == null ? client.get('/api/my/addresses') : client.get('/api/customers/{id}/addresses', { path: { id } })),
    addAddress: (body: Body<'/api/my/addresses', 'post'>) =>
      (id == null ? client.post('/api/my/addresses', { body }) : client.post('/api/customers/{id}/addresses', { path: { id }, body })),
    patchAddress: (addressId: number, body: Body<'/api/my/addresses/{addressId}', 'patch'>) =>
      (id == null ? client.patch('/api/my/addresses/{addressId}', { path: { addressId }, body }) : client.patch('/api/customers/{id}/addresses/{addressId}', { path: { id, addressId }, body })),
    deleteAddress: (addressId: number) =>
      (id == null ? client.del('/api/my/addresses/{addressId}', { path: { addressId } }) : client.del('/api/customers/{id}/addresses/{addressId}', { path: { id, addressId } })),
    buyers: () => (id == null ? client.get('/api/my/buyers') : client.get('/api/customers/{id}/buyers', { path: { id } })),
    addBuyer: (body: Body<'/api/my/buyers', 'post'>) =>
      (id == null ? client.post('/api/my/buyers', { body }) : client.post('/api/customers/{id}/buyers', { path: { id }, body })),
    patchBuyer: (userId: number, body: Body<'/api/my/buyers/{userId}', 'patch'>) =>
      (id == null ? client.patch('/api/my/buyers/{userId}', { path: { userId }, body }) : client.patch('/api/customers/{id}/buyers/{userId}', { path: { id, userId }, body })),
    invoice: () => (id == null ? client.get('/api/my/invoice-profile') : client.get('/api/customers/{id}/invoice-profile', { path: { id } })),
    putInvoice: (body: Body<'/api/my/invoice-profile', 'put'>) =>
      (id == null ? client.put('/api/my/invoice-profile', { body }) : client.put('/api/customers/{id}/invoice-profile', { path: { id }, body })),
  };
}
