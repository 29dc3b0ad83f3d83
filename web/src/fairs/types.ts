import type { Response } from '../lib/client';

/** The fair screens' shapes, taken from the API's generated types (npm run gen:client), never typed by hand. */
export type Fair = Response<'/api/fairs/{id}'>;
export type FairState = Fair['state'];
export type FairItem = Fair['items'][number];
export type PriceBreak = FairItem['prices'][number];
export type MyFair = Response<'/api/my/fairs/{id}'>;
export type Booking = Response<'/api/fairs/{id}/bookings'>[number];
export type BookingLine = Booking['lines'][number];
export type DepositStatus = Booking['depositStatus'];
export type Board = Response<'/api/fairs/{id}/board'>;
export type FairRow = Response<'/api/fairs'>['items'][number];
export type MyFairRow = Response<'/api/my/fairs'>[number];

export const STATE_COLOR: Record<FairState, string> = { draft: 'default', scheduled: 'blue', open: 'green', closed: 'default', cancelled: 'red' };
export const DEPOSIT_COLOR: Record<DepositStatus, string> = { none: 'default', unpaid: 'orange', held: 'blue', applied: 'green', refunded: 'default', forfeited: 'red' };
/** The unit price a quantity reaches. */
export const priceAt = (prices: PriceBreak[], qty: number) => prices.filter((p) => p.minQty <= Math.max(1, qty)).reduce((a, b) => (b.minQty > a.minQty ? b : a), prices[0]!).unitPrice;
