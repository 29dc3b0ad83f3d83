import { z } from 'zod';
import { fen, id, optionalText, text, timestamp } from '../../lib/schemas';

const phone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, 'a phone number: digits, + - ( ) and spaces, 5–20 characters');
const optionalPhone = z.union([phone, z.literal('').transform(() => null), z.null()]).optional();
const email = z.string().trim().email('an email address').max(200);
const optionalEmail = z.union([email, z.literal('').transform(() => null), z.null()]).optional();

export const paymentTerms = z.enum(['prepay', 'cod', 'credit']);
export const discountBp = z
  .number({ error: 'discount in basis points: a whole number from 0 to 10000 (10000 = 100%)' })
  .int('discount in basis points: a whole number from 0 to 10000 (10000 = 100%)')
  .min(0, 'a discount cannot be negative')
  .max(10_000, 'a discount cannot exceed 100% (10000 basis points)');
const tags = z.array(text(30)).max(20, 'at most 20 tags');

export const region = {
  province: text(30),
  city: text(30),
  district: optionalText(30),
};

export const companyBody = z.strictObject({
  code: text(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  name: text(100),
  contactName: optionalText(50),
  contactPhone: optionalPhone,
  email: optionalEmail,
  province: optionalText(30),
  city: optionalText(30),
  district: optionalText(30),
  address: optionalText(200),
  tierId: id.nullish(),
  salesRepId: id.nullish(),
  status: z.enum(['active', 'suspended']).optional(),
  paymentTerms: paymentTerms.optional(),
  creditDays: z.number().int().min(0).max(365).optional(),
  creditLimit: fen.optional(),
  tags: tags.optional(),
  notes: optionalText(2000),
});
export const companyPatch = companyBody.partial();

export const company = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  email: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  tierId: z.number().nullable(),
  tierName: z.string().nullable(),
  salesRepId: z.number().nullable(),
  salesRepName: z.string().nullable(),
  paymentTerms,
  creditDays: z.number(),
  creditLimit: z.number(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const companyQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'suspended']).optional(),
  tierId: id.optional(),
  salesRepId: id.optional(),
  province: z.string().trim().max(30).optional(),
  tag: z.string().trim().max(30).optional(),
});

export const addressBody = z.strictObject({
  recipient: text(50),
  phone,
  ...region,
  address: text(200),
  postcode: z.union([z.string().trim().regex(/^\d{6}$/, 'a 6-digit postcode'), z.literal('').transform(() => null), z.null()]).optional(),
  isDefault: z.boolean().optional(),
});
export const addressPatch = addressBody.partial();
export const address = z.object({
  id: z.number(),
  companyId: z.number(),
  recipient: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  address: z.string(),
  postcode: z.string().nullable(),
  isDefault: z.boolean(),
});

export const invoiceBody = z
  .strictObject({
    kind: z.enum(['normal', 'special']),
    title: text(100),
    taxNo: text(20).regex(/^[0-9A-Z]{15,20}$/, 'a taxpayer id (统一社会信用代码): 15–20 digits or capital letters'),
    bankName: optionalText(100),
    bankAccount: z.union([z.string().trim().regex(/^[0-9 -]{6,34}$/, 'a bank account number'), z.literal('').transform(() => null), z.null()]).optional(),
    address: optionalText(200),
    phone: optionalPhone,
    email: optionalEmail,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'special') {
      for (const k of ['bankName', 'bankAccount', 'address', 'phone'] as const) {
        if (!v[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'required for a special VAT invoice (专票)' });
      }
    }
  });
export const invoiceProfile = z.object({
  companyId: z.number(),
  kind: z.enum(['normal', 'special']),
  title: z.string(),
  taxNo: z.string(),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const buyerBody = z.strictObject({
  login: text(50).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only'),
  name: text(50),
  phone: optionalPhone,
  email: optionalEmail,
  role: z.enum(['customer_admin', 'customer_buyer']).default('customer_buyer'),
  orderLimit: fen.nullish(),
  password: z.string().min(8).max(100).optional(),
});
export const buyerPatch = z.strictObject({
  name: text(50).optional(),
  phone: optionalPhone,
  email: optionalEmail,
  status: z.enum(['active', 'disabled']).optional(),
  orderLimit: fen.nullish(),
});
export const buyer = z.object({
  id: z.number(),
  companyId: z.number(),
  login: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(['customer_admin', 'customer_buyer']),
  status: z.enum(['active', 'disabled']),
  orderLimit: z.number().nullable(),
  lastLoginAt: timestamp.nullable(),
});

export const tierBody = z.strictObject({ name: text(30), discountBp, sort: z.number().int().min(0).max(10_000).optional(), notes: optionalText(500) });
export const tierPatch = tierBody.partial();
export const tier = z.object({ id: z.number(), name: z.string(), discountBp: z.number(), sort: z.number(), notes: z.string().nullable(), companies: z.number() });

export const registrationFields = z.strictObject({
  companyName: text(100),
  contactName: text(50),
  contactPhone: phone,
  email: optionalEmail,
  ...region,
  address: optionalText(200),
  licenceNo: optionalText(30),
  login: text(50).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only'),
  message: optionalText(1000),
});
export const registration = z.object({
  id: z.number(),
  companyName: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  email: z.string().nullable(),
  province: z.string(),
  city: z.string(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  licenceNo: z.string().nullable(),
  hasLicence: z.boolean(),
  login: z.string(),
  message: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  rejectReason: z.string().nullable(),
  companyId: z.number().nullable(),
  reviewedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const approveBody = z.strictObject({
  code: text(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  tierId: id.nullish(),
  salesRepId: id.nullish(),
  paymentTerms: paymentTerms.optional(),
});
export const rejectBody = z.strictObject({ reason: text(500) });
