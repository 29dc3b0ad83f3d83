import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import type { PaymentTerms } from './tables';
import './tables';

/**
 * Set-based customer writes for imports and the ERP sync API (issue 19): companies keyed by
 * code with their contact, tier, payment terms, credit limit, default delivery address, and more
 * contacts and addresses (added, never removed).
 * Rows already as given write nothing ("unchanged"); a few statements per chunk.
 */
type Q = Kysely<DB> | Transaction<DB>;
export type Outcome = 'created' | 'updated' | 'unchanged';

export interface BulkAddress { recipient: string; phone: string; province: string; city: string; district: string | null; address: string }
export interface BulkContact { name: string; phone: string | null; email: string | null }
export interface BulkCompany {
  code: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  /** tier name; created (0 discount) when missing; null: no tier */
  tier: string | null;
  salesRepId: number | null;
  paymentTerms: PaymentTerms;
  creditDays: number;
  creditLimit: number;
  tags: string[];
  notes: string | null;
  /** the default delivery address; null leaves addresses as they are */
  delivery: BulkAddress | null;
  /** more contacts: one stored with the same name and phone is that contact (its email updated); others are added; none is removed */
  contacts?: BulkContact[];
  /** more delivery addresses: one stored with the same content is left alone, others are added (not default); none is removed */
  addresses?: BulkAddress[];
}

/** Company code (lower case) → id. */
export async function companyIdsByCode(db: Q, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('companies').select(['id', 'code']).where(sql<boolean>`lower(code) = any(${codes.map((c) => c.toLowerCase())}::text[])`).execute();
  return new Map(rows.map((r) => [r.code.toLowerCase(), r.id]));
}

/** id → code and name of the given companies (imports' exports name customers by code). */
export async function companyCodesByIds(db: Q, ids: number[]): Promise<Map<number, { code: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('companies').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

/** Tier name (lower case) → id. */
export async function tierIds(db: Q): Promise<Map<string, number>> {
  return new Map((await db.selectFrom('customer_tiers').select(['id', 'name']).execute()).map((t) => [t.name.toLowerCase(), t.id]));
}

/** Creates tiers named but missing (discount 0), returns every tier's id by lower-case name. */
export async function ensureTiers(trx: Transaction<DB>, actor: Actor, names: string[]) {
  const uniq = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  if (uniq.length) {
    const made = await sql<{ name: string }>`insert into customer_tiers (name) select n from unnest(${uniq}::text[]) as v(n) on conflict (lower(name)) do nothing returning name`.execute(trx);
    if (made.rows.length) await audit(trx, actor, { action: 'tier.import', entityType: 'customer_tier', entityId: null, after: { created: made.rows.map((r) => r.name) } });
  }
  return tierIds(trx);
}

const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Inserts or updates companies by code (case-insensitive) with their default address. */
export async function upsertCompanies(trx: Transaction<DB>, actor: Actor, rows: BulkCompany[], reason = 'import') {
  const tiers = await ensureTiers(trx, actor, rows.map((r) => r.tier).filter((t): t is string => !!t));
  const existing = rows.length
    ? await trx.selectFrom('companies').selectAll().where(sql<boolean>`lower(code) = any(${rows.map((r) => r.code.toLowerCase())}::text[])`).execute()
    : [];
  const byCode = new Map(existing.map((c) => [c.code.toLowerCase(), c]));
  const outcome = new Map<string, Outcome>();
  const vals = (r: BulkCompany) => ({
    code: r.code, name: r.name, contact_name: r.contactName, contact_phone: r.contactPhone, email: r.email, province: r.province, city: r.city, district: r.district,
    address: r.address, tier_id: r.tier ? tiers.get(r.tier.toLowerCase())! : null, sales_rep_id: r.salesRepId, payment_terms: r.paymentTerms, credit_days: r.creditDays,
    credit_limit: r.creditLimit, tags: r.tags, notes: r.notes,
  });
  const fresh = rows.filter((r) => !byCode.has(r.code.toLowerCase()));
  const changed = rows.filter((r) => {
    const b = byCode.get(r.code.toLowerCase());
    if (!b) return false;
    const v = vals(r);
    return (Object.keys(v) as (keyof typeof v)[]).some((k) => (k === 'tags' ? !same(b.tags ?? [], v.tags) : (b as Record<string, unknown>)[k] !== v[k]));
  });
  if (fresh.length) {
    const made = await trx.insertInto('companies').values(fresh.map(vals) as never).returning(['id', 'code']).execute();
    for (const m of made) outcome.set(m.code.toLowerCase(), 'created');
    await emit(trx, 'customer.created', { companyIds: made.map((m) => m.id).slice(0, 5000), reason });
  }
  if (changed.length) {
    const v = changed.map(vals);
    const col = <K extends keyof (typeof v)[number]>(k: K) => v.map((x) => x[k]);
    await sql`
      update companies c set name = u.name, contact_name = u.cn, contact_phone = u.cp, email = u.em, province = u.pr, city = u.ci, district = u.di, address = u.ad,
        tier_id = u.ti, sales_rep_id = u.sr, payment_terms = u.pt, credit_days = u.cd, credit_limit = u.cl, tags = string_to_array(u.tg, '|'), notes = u.no, updated_at = now()
      from unnest(${col('code')}::text[], ${col('name')}::text[], ${col('contact_name')}::text[], ${col('contact_phone')}::text[], ${col('email')}::text[],
        ${col('province')}::text[], ${col('city')}::text[], ${col('district')}::text[], ${col('address')}::text[], ${col('tier_id')}::bigint[], ${col('sales_rep_id')}::bigint[],
        ${col('payment_terms')}::text[], ${col('credit_days')}::int[], ${col('credit_limit')}::bigint[], ${v.map((x) => x.tags.join('|'))}::text[], ${col('notes')}::text[])
        as u(code, name, cn, cp, em, pr, ci, di, ad, ti, sr, pt, cd, cl, tg, no)
      where lower(c.code) = lower(u.code)`.execute(trx);
    for (const r of changed) outcome.set(r.code.toLowerCase(), 'updated');
    await emit(trx, 'customer.updated', { companyIds: changed.map((r) => byCode.get(r.code.toLowerCase())!.id).slice(0, 5000), reason });
  }
  // default delivery addresses
  const ids = await companyIdsByCode(trx, rows.map((r) => r.code));
  const withAddr = rows.filter((r) => r.delivery);
  if (withAddr.length) {
    const defaults = await trx.selectFrom('company_addresses').selectAll().where('company_id', 'in', withAddr.map((r) => ids.get(r.code.toLowerCase())!)).where('is_default', '=', true).execute();
    const defOf = new Map(defaults.map((a) => [a.company_id, a]));
    const ins: Record<string, unknown>[] = [];
    const upd: { id: number; a: BulkAddress }[] = [];
    for (const r of withAddr) {
      const cid = ids.get(r.code.toLowerCase())!;
      const d = r.delivery!;
      const b = defOf.get(cid);
      if (!b) ins.push({ company_id: cid, recipient: d.recipient, phone: d.phone, province: d.province, city: d.city, district: d.district, address: d.address, is_default: true });
      else if (b.recipient !== d.recipient || b.phone !== d.phone || b.province !== d.province || b.city !== d.city || b.district !== d.district || b.address !== d.address) upd.push({ id: b.id, a: d });
      else continue;
      if (outcome.get(r.code.toLowerCase()) !== 'created') outcome.set(r.code.toLowerCase(), 'updated');
    }
    if (ins.length) await trx.insertInto('company_addresses').values(ins as never).execute();
    if (upd.length) {
      await sql`update company_addresses t set recipient = u.r, phone = u.p, province = u.pr, city = u.c, district = u.d, address = u.a, updated_at = now()
        from unnest(${upd.map((x) => x.id)}::bigint[], ${upd.map((x) => x.a.recipient)}::text[], ${upd.map((x) => x.a.phone)}::text[], ${upd.map((x) => x.a.province)}::text[],
          ${upd.map((x) => x.a.city)}::text[], ${upd.map((x) => x.a.district)}::text[], ${upd.map((x) => x.a.address)}::text[]) as u(id, r, p, pr, c, d, a)
        where t.id = u.id`.execute(trx);
    }
  }
  const extra = await addContactsAndAddresses(trx, rows, ids);
  const n = [...outcome.values()];
  const added = (xs: Map<string, Outcome[]>) => [...xs.values()].flat().filter((x) => x !== 'unchanged').length;
  if (n.length || added(extra.contacts) || added(extra.addresses)) {
    await audit(trx, actor, { action: 'customer.import', entityType: 'company', entityId: null,
      after: { created: n.filter((x) => x === 'created').length, updated: n.filter((x) => x === 'updated').length, contacts: added(extra.contacts), addresses: added(extra.addresses) } });
  }
  return {
    ids,
    /** the company's own columns and default address (its more contacts and addresses are counted apart) */
    outcome: (code: string) => outcome.get(code.toLowerCase()) ?? 'unchanged',
    /** per given contact / address, in the order given: created, updated (a contact's email) or unchanged (already stored) */
    contactOutcomes: (code: string) => extra.contacts.get(code.toLowerCase()) ?? [],
    addressOutcomes: (code: string) => extra.addresses.get(code.toLowerCase()) ?? [],
  };
}

const addrKey = (a: BulkAddress) => [a.recipient, a.phone, a.province, a.city, a.district ?? '', a.address].join('\u0001');
const contactKey = (c: { name: string; phone: string | null }) => `${c.name.toLowerCase()}\u0001${c.phone ?? ''}`;

/** The more contacts and addresses of upsertCompanies: a handful of statements for the chunk; each one's outcome by company code, in the order given. */
async function addContactsAndAddresses(trx: Transaction<DB>, rows: BulkCompany[], ids: Map<string, number>) {
  const out = { contacts: new Map<string, Outcome[]>(), addresses: new Map<string, Outcome[]>() };
  const withContacts = rows.filter((r) => r.contacts?.length);
  if (withContacts.length) {
    const stored = await trx.selectFrom('company_contacts').select(['id', 'company_id', 'name', 'phone', 'email'])
      .where('company_id', 'in', withContacts.map((r) => ids.get(r.code.toLowerCase())!)).execute();
    const byKey = new Map(stored.map((c) => [`${c.company_id}\u0002${contactKey(c)}`, c]));
    const ins: { company_id: number; name: string; phone: string | null; email: string | null }[] = [];
    const upd: { id: number; email: string | null }[] = [];
    for (const r of withContacts) {
      const cid = ids.get(r.code.toLowerCase())!;
      const o: Outcome[] = [];
      out.contacts.set(r.code.toLowerCase(), o);
      for (const c of r.contacts!) {
        const key = `${cid}\u0002${contactKey(c)}`;
        const b = byKey.get(key);
        if (!b) {
          ins.push({ company_id: cid, name: c.name, phone: c.phone, email: c.email });
          byKey.set(key, { id: 0, company_id: cid, name: c.name, phone: c.phone, email: c.email });
          o.push('created');
        } else if (c.email != null && b.email !== c.email && b.id) {
          upd.push({ id: b.id, email: c.email });
          o.push('updated');
        } else o.push('unchanged');
      }
    }
    if (ins.length) await trx.insertInto('company_contacts').values(ins).execute();
    if (upd.length) {
      await sql`update company_contacts t set email = u.e, updated_at = now() from unnest(${upd.map((x) => x.id)}::bigint[], ${upd.map((x) => x.email)}::text[]) as u(id, e)
        where t.id = u.id`.execute(trx);
    }
  }
  const withAddresses = rows.filter((r) => r.addresses?.length);
  if (withAddresses.length) {
    const stored = await trx.selectFrom('company_addresses').select(['company_id', 'recipient', 'phone', 'province', 'city', 'district', 'address', 'is_default'])
      .where('company_id', 'in', withAddresses.map((r) => ids.get(r.code.toLowerCase())!)).execute();
    const have = new Set(stored.map((a) => `${a.company_id}\u0002${addrKey(a)}`));
    const hasDefault = new Set(stored.filter((a) => a.is_default).map((a) => a.company_id));
    const ins: Record<string, unknown>[] = [];
    for (const r of withAddresses) {
      const cid = ids.get(r.code.toLowerCase())!;
      const o: Outcome[] = [];
      out.addresses.set(r.code.toLowerCase(), o);
      for (const a of r.addresses!) {
        if (have.has(`${cid}\u0002${addrKey(a)}`)) {
          o.push('unchanged');
          continue;
        }
        have.add(`${cid}\u0002${addrKey(a)}`);
        // a company without any default address gets its first one as the default
        ins.push({ company_id: cid, recipient: a.recipient, phone: a.phone, province: a.province, city: a.city, district: a.district, address: a.address, is_default: !hasDefault.has(cid) });
        hasDefault.add(cid);
        o.push('created');
      }
    }
    if (ins.length) await trx.insertInto('company_addresses').values(ins as never).execute();
  }
  return out;
}

/** More contacts and non-default addresses of every company (or of the given codes, lower case), by company code, oldest first (the customer template's later rows). */
export async function companyExtrasForExport(db: Q, codes?: string[]) {
  const ofCodes = codes ? sql<boolean>`lower(c.code) = any(${codes}::text[])` : sql<boolean>`true`;
  const contacts = await db.selectFrom('company_contacts as k').innerJoin('companies as c', 'c.id', 'k.company_id')
    .select(['c.code', 'k.name', 'k.phone', 'k.email']).where(ofCodes).orderBy('k.company_id').orderBy('k.id').execute();
  const addresses = await db.selectFrom('company_addresses as a').innerJoin('companies as c', 'c.id', 'a.company_id')
    .select(['c.code', 'a.recipient', 'a.phone', 'a.province', 'a.city', 'a.district', 'a.address']).where('a.is_default', '=', false).where(ofCodes).orderBy('a.company_id').orderBy('a.id').execute();
  const out = new Map<string, { contacts: BulkContact[]; addresses: BulkAddress[] }>();
  const of = (code: string) => out.get(code) ?? out.set(code, { contacts: [], addresses: [] }).get(code)!;
  for (const k of contacts) of(k.code).contacts.push({ name: k.name, phone: k.phone, email: k.email });
  for (const a of addresses) of(a.code).addresses.push({ recipient: a.recipient, phone: a.phone, province: a.province, city: a.city, district: a.district, address: a.address });
  return out;
}

/** Companies (all, or those of the given codes, lower case) with tier name and default address, for the customer template's export. */
export async function companyRowsForExport(db: Q, codes?: string[]) {
  return sql<{
    code: string; name: string; contact_name: string | null; contact_phone: string | null; email: string | null; province: string | null; city: string | null;
    district: string | null; address: string | null; tier: string | null; sales_rep_id: number | null; payment_terms: PaymentTerms; credit_days: number; credit_limit: number;
    tags: string[]; notes: string | null; recipient: string | null; phone: string | null; d_province: string | null; d_city: string | null; d_district: string | null; d_address: string | null;
  }>`
    select c.code, c.name, c.contact_name, c.contact_phone, c.email, c.province, c.city, c.district, c.address, t.name as tier, c.sales_rep_id, c.payment_terms,
      c.credit_days, c.credit_limit, c.tags, c.notes, a.recipient, a.phone, a.province as d_province, a.city as d_city, a.district as d_district, a.address as d_address
    from companies c left join customer_tiers t on t.id = c.tier_id left join company_addresses a on a.company_id = c.id and a.is_default
    ${codes ? sql`where lower(c.code) = any(${codes}::text[])` : sql``}
    order by c.code`.execute(db).then((r) => r.rows);
}

/** Sets credit limits (and, where given, credit days) of companies by code; unchanged ones are left alone. */
export async function setCreditLimits(trx: Transaction<DB>, actor: Actor, rows: { code: string; creditLimit: number; creditDays: number | null }[], reason = 'erp') {
  const changed = await sql<{ id: number; code: string }>`
    update companies c set credit_limit = v.l, credit_days = coalesce(v.d, c.credit_days), updated_at = now()
    from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.creditLimit)}::bigint[], ${rows.map((r) => r.creditDays)}::int[]) as v(code, l, d)
    where lower(c.code) = lower(v.code) and (c.credit_limit <> v.l or (v.d is not null and c.credit_days <> v.d))
    returning c.id, c.code`.execute(trx);
  if (changed.rows.length) {
    await audit(trx, actor, { action: 'customer.credit_import', entityType: 'company', entityId: null, after: { changed: changed.rows.length } });
    await emit(trx, 'customer.updated', { companyIds: changed.rows.map((r) => r.id).slice(0, 5000), changed: ['creditLimit'], reason });
  }
  const set = new Set(changed.rows.map((r) => r.code.toLowerCase()));
  return (code: string): Outcome => (set.has(code.toLowerCase()) ? 'updated' : 'unchanged');
}
