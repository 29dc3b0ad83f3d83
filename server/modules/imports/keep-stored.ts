import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { shownColumns, type Template } from './types';

/**
 * A column the file does not have keeps what is stored: rows of records that exist (matched by the
 * template's key columns, as its export writes them) get the stored value in that column, so a
 * two-column file that updates one field changes nothing else. New records get the column's
 * default, as before. A file with a legacy column (an older export) has every other column already.
 */
const BATCH = 10_000;

export async function keepStored(db: Kysely<DB>, template: Template, present: ReadonlySet<string>, grid: { cells: string[] }[]) {
  const keys = template.keys;
  if (!keys?.length || keys.some((k) => !present.has(k))) return;
  if (template.columns.some((c) => c.legacy && present.has(c.key))) return;
  const shown = shownColumns(template.columns);
  const absent = shown.filter((c) => !present.has(c.key) && !keys.includes(c.key));
  if (!absent.length) return;
  const at = (cols: { key: string }[], key: string) => cols.findIndex((c) => c.key === key);
  const keyOf = (get: (k: string) => string) => keys.map((k) => get(k).trim().toLowerCase()).join('\u0001');
  const stored = new Map<string, (string | number | null)[]>();
  // only the records the file names (a two-row file on a 60,000-SKU catalog read the whole export), in batches of keys
  const named = [...new Set(grid.map((g) => keyOf((key) => g.cells[at(template.columns, key)] ?? '')))];
  for (let i = 0; i < named.length; i += BATCH) {
    const batch = named.slice(i, i + BATCH).map((k) => k.split('\u0001'));
    const only = Object.fromEntries(keys.map((key, n) => [key, [...new Set(batch.map((parts) => parts[n]!))]]));
    for (const r of await template.exportRows(db, only)) {
      const k = keyOf((key) => String(r[at(shown, key)] ?? ''));
      if (!stored.has(k)) stored.set(k, r); // a record's first row (customers: its own columns, first contact and address)
    }
  }
  const fill = absent.map((c) => [at(template.columns, c.key), at(shown, c.key)] as const);
  for (const g of grid) {
    const s = stored.get(keyOf((key) => g.cells[at(template.columns, key)] ?? ''));
    if (!s) continue;
    for (const [to, from] of fill) g.cells[to] = s[from] == null ? '' : String(s[from]);
  }
}
