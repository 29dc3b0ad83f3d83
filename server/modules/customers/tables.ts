import type { Generated } from 'kysely';

export type PaymentTerms = 'prepay' | 'cod' | 'credit';

declare module '../../lib/db-types' {
  interface DB {
    companies: {
      id: Generated<number>;
      code: string;
      name: string;
      status: Generated<'active' | 'suspended'>;
      contact_name: Generated<string | null>;
      contact_phone: Generated<string | null>;
      email: Generated<string | null>;
      province: Generated<string | null>;
      city: Generated<string | null>;
      district: Generated<string | null>;
      address: Generated<string | null>;
      tier_id: Generated<number | null>;
      sales_rep_id: Generated<number | null>;
      payment_terms: Generated<PaymentTerms>;
      credit_days: Generated<number>;
      credit_limit: Generated<number>;
      tags: Generated<string[]>;
      notes: Generated<string | null>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    customer_tiers: {
      id: Generated<number>;
      name: string;
      discount_bp: Generated<number>;
      sort: Generated<number>;
      notes: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    company_addresses: {
      id: Generated<number>;
      company_id: number;
      recipient: string;
      phone: string;
      province: string;
      city: string;
      district: string | null;
      address: string;
      postcode: string | null;
      is_default: Generated<boolean>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    company_contacts: {
      id: Generated<number>;
      company_id: number;
      name: string;
      phone: string | null;
      email: string | null;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    company_invoice_profiles: {
      company_id: number;
      kind: 'normal' | 'special';
      title: string;
      tax_no: string;
      bank_name: string | null;
      bank_account: string | null;
      address: string | null;
      phone: string | null;
      email: string | null;
      updated_at: Generated<Date>;
    };
    company_buyer_limits: {
      user_id: number;
      company_id: number;
      order_limit: number | null;
      updated_at: Generated<Date>;
    };
    customer_registrations: {
      id: Generated<number>;
      company_name: string;
      contact_name: string;
      contact_phone: string;
      email: string | null;
      province: string;
      city: string;
      district: string | null;
      address: string | null;
      licence_no: string | null;
      licence_image: Buffer | null;
      licence_mime: string | null;
      login: string;
      message: string | null;
      status: Generated<'pending' | 'approved' | 'rejected'>;
      reject_reason: string | null;
      company_id: number | null;
      reviewed_by: number | null;
      reviewed_at: Date | null;
      created_at: Generated<Date>;
    };
  }
}
export {};
