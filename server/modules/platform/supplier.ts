import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { actorOf } from '../../lib/http';
import type { RouteApp } from '../../lib/module';
import { errors } from '../../lib/schemas';
import { audit } from './audit';
import { getSetting, setSetting } from './settings';

/**
 * The supplier's own name, shown in the console's header, on the login and registration pages. A
 * setting, not a string in the web app: a supplier that starts without the demo sees its own name
 * (or none until an admin sets it), never the demo company's.
 */
export const SUPPLIER_SETTING = 'platform.supplier';
export interface SupplierProfile { name: string | null }

export const supplierProfile = (db: Kysely<DB>) => getSetting<SupplierProfile>(db, SUPPLIER_SETTING, { name: null });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** per database, the meta tag last built and when: rebuilt after a PUT, and at most a minute old (a name the demo seed or another process wrote) */
const heads = new WeakMap<Kysely<DB>, { tag: string; at: number }>();

/**
 * The supplier's name as a tag for the served index.html (<meta name="ordo-supplier" content="…">,
 * escaped), so the first page shows it without a request of its own (web/src/lib/supplier.ts).
 */
export async function supplierHeadTag(db: Kysely<DB>): Promise<string> {
  const cached = heads.get(db);
  if (cached && Date.now() - cached.at < 60_000) return cached.tag;
  const { name } = await supplierProfile(db);
  const tag = `<meta name="ordo-supplier" content="${escapeHtml(name ?? '')}">`;
  heads.set(db, { tag, at: Date.now() });
  return tag;
}

const profile = z.object({ name: z.string().nullable() });
const body = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export function supplierRoutes(app: RouteApp, db: Kysely<DB>) {
  app.get('/supplier-profile', {
    schema: { tags: ['platform'], summary: "The supplier's name (public: the login page shows it)", response: { 200: profile, ...errors } },
    config: { auth: 'public' },
  }, async () => supplierProfile(db));

  app.put('/supplier-profile', {
    schema: { tags: ['platform'], summary: "Sets the supplier's name", body, response: { 200: profile, ...errors } },
    config: { permission: 'settings.manage' },
  }, async (req) => {
    const next = { name: req.body.name };
    await db.transaction().execute(async (trx) => {
      const before = await getSetting<SupplierProfile>(trx, SUPPLIER_SETTING, { name: null });
      await setSetting(trx, SUPPLIER_SETTING, next);
      await audit(trx, actorOf(req), { action: 'settings.supplier_profile', entityType: 'settings', entityId: SUPPLIER_SETTING, before, after: next });
    });
    heads.delete(db); // the next index.html carries the new name
    return next;
  });
}
