import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import './tables';

/**
 * Set-based supplier writes for the supplier import (issue 19): suppliers keyed by code (any
 * case) are inserted or updated in two statements per chunk; a supplier whose values are
 * already stored is left alone, so a re-run writes nothing.
 */
type Q = Kysely<DB> | Transaction<DB>;
export type Outcome = 'created' | 'updated' | 'unchanged';

export interface BulkSupplier {
  code: string;
  name: string;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  taxNo: string | null;
  paymentTerms: string | null;
  notes: string | null;
  active: boolean;
}

const FIELDS = ['name', 'contact_name', 'phone', 'email', 'address', 'tax_no', 'payment_terms', 'notes', 'active'] as const;
const toRow = (s: BulkSupplier) => ({ name: s.name, contact_name: s.contactName, phone: s.phone, email: s.email, address: s.address, tax_no: s.taxNo, payment_terms: s.paymentTerms, notes: s.notes, active: s.active });

/** Every supplier in the supplier template's order (by code). */
export async function supplierRowsForExport(db: Q, codes?: string[]) {
  return db.selectFrom('suppliers').select(['code', ...FIELDS]).$if(!!codes, (q) => q.where(sql<boolean>`lower(code) = any(${codes}::text[])`)).orderBy('code').execute();
}

export async function upsertSuppliers(trx: Transaction<DB>, actor: Actor, rows: BulkSupplier[]): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  if (!rows.length) return out;
  const stored = await trx.selectFrom('suppliers').select(['id', 'code', ...FIELDS]).where(sql<boolean>`lower(code) = any(${rows.map((r) => r.code.toLowerCase())}::text[])`).execute();
  const byCode = new Map(stored.map((s) => [s.code.toLowerCase(), s]));
  const fresh: BulkSupplier[] = [];
  const changed: { id: number; s: BulkSupplier }[] = [];
  for (const r of rows) {
    const b = byCode.get(r.code.toLowerCase());
    const want = toRow(r);
    if (!b) fresh.push(r);
    else if (FIELDS.some((f) => b[f] !== want[f])) changed.push({ id: b.id, s: r });
    out.set(r.code.toLowerCase(), !b ? 'created' : FIELDS.some((f) => b[f] !== want[f]) ? 'updated' : 'unchanged');
  }
  const cols = (list: BulkSupplier[]) => sql`${list.map((s) => s.name)}::text[], ${list.map((s) => s.contactName)}::text[], ${list.map((s) => s.phone)}::text[],
    ${list.map((s) => s.email)}::text[], ${list.map((s) => s.address)}::text[], ${list.map((s) => s.taxNo)}::text[], ${list.map((s) => s.paymentTerms)}::text[],
    ${list.map((s) => s.notes)}::text[], ${list.map((s) => s.active)}::boolean[]`;
  if (fresh.length) {
    await sql`insert into suppliers (code, name, contact_name, phone, email, address, tax_no, payment_terms, notes, active)
      select * from unnest(${fresh.map((s) => s.code)}::text[], ${cols(fresh)})`.execute(trx);
  }
  if (changed.length) {
    await sql`update suppliers t set name = v.n, contact_name = v.cn, phone = v.ph, email = v.em, address = v.ad, tax_no = v.tx, payment_terms = v.pt, notes = v.no, active = v.ac, updated_at = now()
      from unnest(${changed.map((c) => c.id)}::bigint[], ${cols(changed.map((c) => c.s))}) as v(id, n, cn, ph, em, ad, tx, pt, no, ac) where t.id = v.id`.execute(trx);
  }
  if (fresh.length || changed.length) await audit(trx, actor, { action: 'supplier.import', entityType: 'supplier', entityId: null, after: { created: fresh.length, updated: changed.length } });
  return out;
}
