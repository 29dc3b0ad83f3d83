import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notFound } from '../../lib/errors';
import { documentsToPick } from './documents';
import { reservedToPick } from './pick-rows';
import './tables';
import '../inventory/tables';
import '../orders/tables';
import '../customers/tables';

/**
 * A warehouse's pick list: every order waiting to be picked there (urgent first, then oldest),
 * with the quantities still reserved in that warehouse per line, plus the totals per SKU so the
 * picker walks the shelves once.
 */
export async function pickList(db: Kysely<DB>, warehouseId: number) {
  const wh = await db.selectFrom('warehouses').select(['id', 'code', 'name', 'address']).where('id', '=', warehouseId).executeTakeFirst();
  if (!wh) throw notFound('仓库 / warehouse');
  const rows = await reservedToPick(db, warehouseId)
    .select(['o.number', 'o.urgent', 'o.status', 'o.submitted_at as submittedAt'])
    // an after-sales replacement's reservation ships with its own document (listed below), not in the order's picking
    .where('r.document_type', 'is', null)
    .where('o.status', 'in', ['picking', 'partially_shipped'])
    .groupBy(['o.id', 'c.name', 'l.id'])
    .orderBy('o.urgent', 'desc')
    .orderBy('o.submitted_at')
    .orderBy('o.id')
    .orderBy('l.line_no')
    .execute();
  type Line = Pick<(typeof rows)[number], 'orderLineId' | 'lineNo' | 'skuId' | 'skuCode' | 'name' | 'specText' | 'unit' | 'unitFactor' | 'baseUnit' | 'qty'>;
  type Doc = { type: string; id: number; kind: string; title: string; orderNumber: string; link: string };
  const orders: { orderId: number; number: string; urgent: boolean; status: string; submittedAt: Date; companyName: string; address: unknown; lines: Line[]; document: Doc | null }[] = [];
  for (const r of rows) {
    let o = orders.find((x) => x.orderId === r.orderId);
    if (!o) orders.push((o = { orderId: r.orderId, number: r.number, urgent: r.urgent, status: r.status, submittedAt: r.submittedAt, companyName: r.companyName, address: r.address, lines: [], document: null }));
    o.lines.push(r);
  }
  // documents ready to ship from here (after-sales replacements), in the same queue and totals, oldest first after the urgent orders
  const docs = await documentsToPick(db, warehouseId);
  for (const d of docs) {
    orders.push({
      orderId: d.orderId, number: d.document.number, urgent: false, status: d.orderStatus, submittedAt: d.document.since ?? new Date(), companyName: d.companyName, address: d.address, lines: d.lines,
      document: { type: d.document.type, id: d.document.id, kind: d.document.kind, title: d.document.title, orderNumber: d.orderNumber, link: d.document.link },
    });
  }
  orders.sort((a, b) => Number(b.urgent) - Number(a.urgent) || new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime());
  const all = [...rows, ...docs.flatMap((d) => d.lines)];
  // totals count base units; they are shown in the largest unit any order of the SKU used (whole cases + loose)
  const totals = new Map<number, { skuId: number; skuCode: string; name: string; specText: string; unit: string; unitFactor: number; baseUnit: string; qty: number }>();
  for (const r of all) {
    const t = totals.get(r.skuId) ?? { skuId: r.skuId, skuCode: r.skuCode, name: r.name, specText: r.specText, unit: r.unit, unitFactor: r.unitFactor, baseUnit: r.baseUnit, qty: 0 };
    if (r.unitFactor > t.unitFactor) Object.assign(t, { unit: r.unit, unitFactor: r.unitFactor });
    t.qty += r.qty;
    totals.set(r.skuId, t);
  }
  return {
    warehouse: wh,
    orders: orders.map((o) => ({ ...o, lines: o.lines.map((l) => ({ orderLineId: l.orderLineId, lineNo: l.lineNo, skuId: l.skuId, skuCode: l.skuCode, name: l.name, specText: l.specText, unit: l.unit, unitFactor: l.unitFactor, baseUnit: l.baseUnit, qty: l.qty })) })),
    totals: [...totals.values()].sort((a, b) => a.skuCode.localeCompare(b.skuCode)),
  };
}
