export type FairState = 'draft' | 'scheduled' | 'open' | 'closed' | 'cancelled';
export interface PriceBreak { minQty: number; unitPrice: number }
export interface FairItem { skuId: number; code: string; name: string; specText: string | null; unit: string; basePrice: number; minQty: number | null; maxQty: number | null; targetQty: number | null; prices: PriceBreak[] }
export interface Fair {
  id: number; name: string; status: 'draft' | 'published' | 'cancelled'; state: FairState; opensAt: string; closesAt: string; serverNow: string;
  tierIds: number[]; companyIds: number[]; minAmount: number | null; maxAmount: number | null; targetAmount: number | null;
  depositKind: 'none' | 'percent' | 'fixed'; depositValue: number; note: string | null; items: FairItem[];
  customers: { companyId: number; name: string; minAmount: number | null; maxAmount: number | null; targetAmount: number | null }[];
}
export interface MyFair extends Omit<Fair, 'customers' | 'tierIds' | 'companyIds'> {
  quota: { minAmount: number | null; maxAmount: number | null; booked: number; bookings: number; bookedQty: Record<string, number> };
}
export interface BookingLine { id: number; skuId: number; code: string; name: string; unit: string; qty: number; unitPrice: number; lineTotal: number; convertedQty: number }
export interface Booking {
  id: number; number: string; fairId: number; fairName: string; companyId: number; companyName: string; province: string | null; userId: number;
  status: 'booked' | 'converted' | 'cancelled'; total: number; deposit: number; note: string | null; createdAt: string; lines: BookingLine[];
  orders: { orderId: number; number: string; status: string; total: number; deliveryDate: string | null; createdAt: string }[];
}
export interface Board {
  fairId: number; at: string; booked: number; bookings: number; customers: number; targetAmount: number | null;
  byProduct: { skuId: number; code: string; name: string; qty: number; amount: number; targetQty: number | null }[];
  byCustomer: { companyId: number; name: string; province: string | null; amount: number; bookings: number; targetAmount: number | null; minAmount: number | null }[];
  byRegion: { province: string; amount: number; customers: number }[];
}
export const STATE_COLOR: Record<FairState, string> = { draft: 'default', scheduled: 'blue', open: 'green', closed: 'default', cancelled: 'red' };
/** The unit price a quantity reaches. */
export const priceAt = (prices: PriceBreak[], qty: number) => prices.filter((p) => p.minQty <= Math.max(1, qty)).reduce((a, b) => (b.minQty > a.minQty ? b : a), prices[0]!).unitPrice;
