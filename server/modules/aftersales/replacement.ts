import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, validation } from '../../lib/errors';
import { formatBaseTotals, lineQuantity } from '../../lib/quantity';
import type { Actor } from '../auth/actor';
import { consumeForDocument, releaseForDocument, reservedForDocument, reserveForDocument, type DocumentRef } from '../inventory/document-reservations';
import { addressText, escapeHtml as esc, printPage, printTime } from '../shipping';
import type { AftersalesKind } from './transitions-table';
import './tables';

/**
 * The replacement of an exchange (换货) or a reissue (补发): reserved when the request is approved
 * (like an order's stock, all or nothing, refused on shortage), released when it is cancelled
 * (and, for an exchange, by the units the warehouse refused at inspection), and shipped from the
 * reserved warehouses with its own delivery note.
 */
interface Line { id: number; order_line_id: number; sku_id: number; qty: number; to_stock_qty: number; defective_qty: number }
interface Req { id: number; number: string; kind: AftersalesKind; order_id: number }

export const REPLACING: readonly AftersalesKind[] = ['exchange', 'reissue'];
const ref = (r: { id: number }): DocumentRef => ({ documentType: 'aftersales', documentId: r.id });

/** At approval: holds the requested units of every line (the exchange gets back what it sends). */
export async function reserveReplacement(trx: Transaction<DB>, r: Req, lines: Line[]) {
  if (!REPLACING.includes(r.kind)) return null;
  const held = await reserveForDocument(trx, { ...ref(r), orderId: r.order_id, lines: lines.map((l) => ({ orderLineId: l.order_line_id, skuId: l.sku_id, qty: l.qty })) });
  return held.map((h) => ({ orderLineId: h.orderLineId, warehouseId: h.warehouseId, qty: h.qty }));
}

/** The undo of reserveReplacement (cancel); releasing nothing is a no-op. */
export const releaseReplacement = (trx: Transaction<DB>, r: Req) => releaseForDocument(trx, ref(r));

/** After inspection of an exchange: units the warehouse refused get no replacement. */
export async function releaseRefused(trx: Transaction<DB>, r: Req, lines: Line[], refused: Map<number, number>) {
  if (r.kind !== 'exchange') return;
  const byOrderLine = new Map<number, number>();
  for (const l of lines) if ((refused.get(l.id) ?? 0) > 0) byOrderLine.set(l.order_line_id, refused.get(l.id)!);
  if (byOrderLine.size) await releaseForDocument(trx, ref(r), byOrderLine);
}

/**
 * Ships the replacement: an exchange sends as many as were accepted back, a reissue everything
 * requested. Taken from what approval reserved (a request approved before reservations existed
 * reserves now, in `warehouseId` or by priority). Whatever is still held after that is released.
 */
export async function shipReplacement(trx: Transaction<DB>, actor: Actor, r: Req, lines: Line[], warehouseId: number | null | undefined, now: Date) {
  const want = lines.map((l) => ({ l, q: r.kind === 'reissue' ? l.qty : l.to_stock_qty + l.defective_qty })).filter((x) => x.q > 0);
  if (!want.length) throw new AppError('AFTERSALES_NOTHING_TO_SHIP', 409, { number: r.number });
  if (warehouseId != null) {
    const wh = await trx.selectFrom('warehouses').select('id').where('id', '=', warehouseId).where('active', '=', true).executeTakeFirst();
    if (!wh) throw validation([{ path: 'body.replacement.warehouseId', message: 'unknown or inactive warehouse' }]);
  }
  const held = await reservedForDocument(trx, ref(r));
  const missing = want.filter(({ l, q }) => held.filter((h) => h.orderLineId === l.order_line_id).reduce((a, h) => a + h.qty, 0) < q);
  if (missing.length) {
    await releaseForDocument(trx, ref(r), new Map(missing.map(({ l }) => [l.order_line_id, Number.MAX_SAFE_INTEGER])));
    await reserveForDocument(trx, { ...ref(r), orderId: r.order_id, warehouseId, lines: missing.map(({ l, q }) => ({ orderLineId: l.order_line_id, skuId: l.sku_id, qty: q })) });
  }
  const shipped = await consumeForDocument(trx, { ...ref(r), orderId: r.order_id, documentNo: r.number, actor, qtyByLine: new Map(want.map(({ l, q }) => [l.order_line_id, q])) });
  await releaseForDocument(trx, ref(r));
  for (const { l, q } of want) {
    const from = shipped.find((s) => s.orderLineId === l.order_line_id);
    await trx.updateTable('aftersales_lines').set({ replacement_qty: q, replacement_warehouse_id: from?.warehouseId ?? null }).where('id', '=', l.id).execute();
  }
  await trx.updateTable('aftersales_requests').set({ replacement_shipped_at: now }).where('id', '=', r.id).execute();
  return shipped;
}

/** Units held for each request line right now (the detail screen shows "已预留"). */
export async function heldByLine(db: Kysely<DB> | Transaction<DB>, requestId: number): Promise<Map<number, number>> {
  const rows = await reservedForDocument(db, { documentType: 'aftersales', documentId: requestId });
  const out = new Map<number, number>();
  for (const h of rows) out.set(h.orderLineId, (out.get(h.orderLineId) ?? 0) + h.qty);
  return out;
}

/** 换货/补发发货单: the replacement's delivery note, quantities as ordered ("2 箱（48 瓶）"). */
export async function replacementNoteHtml(db: Kysely<DB>, requestId: number, paper: 'a4' | '80mm', timeZone: string): Promise<string> {
  const r = await db
    .selectFrom('aftersales_requests as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('companies as c', 'c.id', 'r.company_id')
    .select(['r.number', 'r.kind', 'r.replacement_carrier', 'r.replacement_tracking_no', 'r.replacement_shipped_at', 'o.number as orderNumber', 'o.address', 'c.name as companyName', 'c.code as companyCode'])
    .where('r.id', '=', requestId)
    .executeTakeFirstOrThrow();
  if (!r.replacement_shipped_at) throw new AppError('AFTERSALES_REPLACEMENT_NOT_SHIPPED', 409, { number: r.number });
  const lines = await db
    .selectFrom('aftersales_lines as l')
    .leftJoin('warehouses as w', 'w.id', 'l.replacement_warehouse_id')
    .select(['l.sku_code', 'l.name', 'l.unit', 'l.unit_factor', 'l.base_unit', 'l.replacement_qty', 'w.name as warehouse'])
    .where('l.request_id', '=', requestId)
    .where('l.replacement_qty', '>', 0)
    .orderBy('l.id')
    .execute();
  const q = (l: (typeof lines)[number]) => lineQuantity(l.replacement_qty, { unit: l.unit, unitFactor: l.unit_factor, baseUnit: l.base_unit });
  const a = addressText(r.address);
  const title = r.kind === 'exchange' ? '换货发货单' : '补发发货单';
  const rows = lines.map((l, i) => paper === 'a4'
    ? `<tr><td>${i + 1}</td><td>${esc(l.sku_code)}</td><td>${esc(l.name)}</td><td>${esc(l.warehouse ?? '')}</td><td class="num"><b>${esc(q(l))}</b></td><td></td></tr>`
    : `<tr><td>${esc(l.name)}<br><small>${esc(l.sku_code)}</small></td><td class="num">${esc(q(l))}</td></tr>`).join('');
  const head = paper === 'a4'
    ? '<tr><th>#</th><th>编码 Code</th><th>商品 Item</th><th>发货仓 Warehouse</th><th class="num">数量 Qty</th><th>实收 Received</th></tr>'
    : '<tr><th>商品 Item</th><th class="num">数量</th></tr>';
  const total = formatBaseTotals(lines.map((l) => ({ qty: l.replacement_qty, baseUnit: l.base_unit })));
  const body = `<h1>${title} Replacement delivery note</h1>
<div class="meta"><span>售后单号：<b>${esc(r.number)}</b></span><span>原订单号：${esc(r.orderNumber)}</span><span>发货时间：${esc(printTime(r.replacement_shipped_at, timeZone))}</span></div>
<div class="meta"><span>客户：${esc(r.companyName)}（${esc(r.companyCode)}）</span><span>收货人：${esc(a.who)}</span><span>地址：${esc(a.where)}</span></div>
<div class="meta"><span>承运商：${esc(r.replacement_carrier ?? '—')}</span><span>运单号：${esc(r.replacement_tracking_no ?? '—')}</span></div>
<table><thead>${head}</thead><tbody>${rows}</tbody><tfoot><tr><td colspan="${paper === 'a4' ? 4 : 1}">合计 Total</td><td class="num">${esc(total)}</td>${paper === 'a4' ? '<td></td>' : ''}</tr></tfoot></table>
<div class="sign"><span>发货人：________</span><span>收货人签字：________</span><span>日期：________</span></div>`;
  return printPage(`${title} ${r.number}`, paper, body);
}
