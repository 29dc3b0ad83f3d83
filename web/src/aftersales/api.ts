import type { Response } from '../lib/client';

export type Kind = 'return_refund' | 'refund_only' | 'exchange' | 'reissue';
export type Status = 'draft' | 'submitted' | 'approved' | 'rejected' | 'returning' | 'received' | 'shipped' | 'completed' | 'cancelled';
export const KINDS: Kind[] = ['return_refund', 'refund_only', 'exchange', 'reissue'];
export const STATUSES: Status[] = ['draft', 'submitted', 'approved', 'returning', 'received', 'shipped', 'completed', 'rejected', 'cancelled'];
export const STATUS_COLOR: Record<Status, string> = {
  draft: 'purple', submitted: 'orange', approved: 'blue', returning: 'cyan', received: 'geekblue', shipped: 'cyan', completed: 'green', rejected: 'red', cancelled: 'default',
};

// the shapes come from the generated client (npm run gen:client): a renamed field breaks the type check, not a screen
export type Listed = Response<'/api/aftersales'>['items'][number];
export type Detail = Response<'/api/aftersales/{id}'>;
export type Line = Detail['lines'][number];
/** A replacement's shipment (the shipping module's, numbered SH…-1), quantities in base units. */
export type Shipment = Detail['shipments'][number];
export type Options = Response<'/api/orders/{id}/aftersales-options'>;
export type Reason = Response<'/api/aftersales/reasons'>[number];

/** The steps a request of this kind goes through, for the progress bar. */
export function pathOf(kind: Kind): Status[] {
  if (kind === 'refund_only') return ['submitted', 'approved', 'completed'];
  if (kind === 'reissue') return ['submitted', 'approved', 'shipped', 'completed'];
  if (kind === 'exchange') return ['submitted', 'approved', 'returning', 'received', 'shipped', 'completed'];
  return ['submitted', 'approved', 'returning', 'received', 'completed'];
}

/** Final states: no more photos or steps. */
export const FINAL_STATUSES: Status[] = ['rejected', 'completed', 'cancelled'];
