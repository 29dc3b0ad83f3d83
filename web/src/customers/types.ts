/** Shapes of the customers API (server/modules/customers/schemas.ts). Money is integer fen. */
export type PaymentTerms = 'prepay' | 'cod' | 'credit';

export interface Company {
  id: number;
  code: string;
  name: string;
  status: 'active' | 'suspended';
  contactName: string | null;
  contactPhone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  tierId: number | null;
  tierName: string | null;
  salesRepId: number | null;
  salesRepName: string | null;
  paymentTerms: PaymentTerms;
  creditDays: number;
  creditLimit: number;
  tags: string[];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  id: number;
  companyId: number;
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string | null;
  address: string;
  postcode: string | null;
  isDefault: boolean;
}

export interface InvoiceProfile {
  companyId: number;
  kind: 'normal' | 'special';
  title: string;
  taxNo: string;
  bankName: string | null;
  bankAccount: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface Buyer {
  id: number;
  companyId: number;
  login: string;
  name: string;
  phone: string | null;
  email: string | null;
  role: 'customer_admin' | 'customer_buyer';
  status: 'active' | 'disabled';
  orderLimit: number | null;
  lastLoginAt: string | null;
}

export interface Tier {
  id: number;
  name: string;
  discountBp: number;
  sort: number;
  notes: string | null;
  companies: number;
}

export interface Registration {
  id: number;
  companyName: string;
  contactName: string;
  contactPhone: string;
  email: string | null;
  province: string;
  city: string;
  district: string | null;
  address: string | null;
  licenceNo: string | null;
  hasLicence: boolean;
  login: string;
  message: string | null;
  status: 'pending' | 'approved' | 'rejected';
  rejectReason: string | null;
  companyId: number | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface SalesRep {
  id: number;
  name: string;
  login: string;
}
