import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatBaseTotals, lineQuantity } from '../../lib/quantity';
import type { pickList } from './picking';
import { shipmentsOf } from './service';
import { documentTitle } from './documents';
import '../orders/tables';
import '../customers/tables';

/** Printable HTML documents: the delivery note (发货单, A4 or 80 mm receipt paper) and the pick list. */
export const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Address { contact?: string; recipient?: string; phone?: string; province?: string; city?: string; district?: string; detail?: string; address?: string }
export const addressText = (a: unknown) => {
  const x = (a ?? {}) as Address;
  return { who: `${x.contact ?? x.recipient ?? ''} ${x.phone ?? ''}`.trim(), where: [x.province, x.city, x.district, x.detail ?? x.address].filter(Boolean).join(' ') };
};

export const fmtTime = (d: Date | string, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(d));

/** A printable page in the documents' one style (other modules' documents use it too: after-sales replacements). */
export function printPage(title: string, paper: 'a4' | '80mm', body: string) {
  const css = paper === 'a4'
    ? '@page{size:A4;margin:14mm}body{font-size:12px;max-width:182mm}table{width:100%}th,td{border:1px solid #333;padding:4px 6px}'
    : '@page{size:80mm auto;margin:3mm}body{font-size:11px;width:72mm}table{width:100%}th,td{border-bottom:1px dashed #555;padding:2px 0}h1{font-size:15px}';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#111;margin:0 auto}
h1{text-align:center;font-size:20px;margin:4px 0 10px}table{border-collapse:collapse}th{background:#f2f2f2;text-align:left}
.num{text-align:right}.meta{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0}.sign{margin-top:24px;display:flex;justify-content:space-between}
.urgent{color:#c00;font-weight:bold}@media print{.noprint{display:none}}${css}</style></head>
<body>${body}<p class="noprint" style="text-align:center;margin-top:16px"><button onclick="window.print()">打印 / Print</button></p></body></html>`;
}

/** 发货单 of one shipment (an after-sales replacement's is titled by its document: 换货发货单). */
export async function deliveryNoteHtml(db: Kysely<DB>, shipmentId: number, orderId: number, paper: 'a4' | '80mm', timeZone: string): Promise<string> {
  const n = await noteBody(db, shipmentId, orderId, paper, timeZone);
  return printPage(n.title, paper, n.body);
}

/** The delivery notes of every shipment that carried a document (one page each), or null before any left. */
export async function documentDeliveryNotesHtml(db: Kysely<DB>, doc: { documentType: string; documentId: number }, paper: 'a4' | '80mm', timeZone: string): Promise<string | null> {
  const ships = await db.selectFrom('shipments').select(['id', 'order_id']).where('document_type', '=', doc.documentType).where('document_id', '=', doc.documentId).orderBy('id').execute();
  if (!ships.length) return null;
  const notes = [];
  for (const s of ships) notes.push(await noteBody(db, s.id, s.order_id, paper, timeZone));
  return printPage(notes[0]!.title, paper, notes.map((x) => x.body).join('<div style="page-break-after:always"></div>'));
}

async function noteBody(db: Kysely<DB>, shipmentId: number, orderId: number, paper: 'a4' | '80mm', timeZone: string) {
  const [s] = await shipmentsOf(db, orderId, shipmentId);
  const o = await db
    .selectFrom('orders')
    .innerJoin('companies', 'companies.id', 'orders.company_id')
    .select(['orders.number', 'orders.address', 'orders.customer_po', 'orders.urgent', 'orders.note', 'companies.name as companyName', 'companies.code as companyCode'])
    .where('orders.id', '=', orderId)
    .executeTakeFirstOrThrow();
  const a = addressText(o.address);
  const docTitle = await documentTitle(db, { document_type: s!.documentType, document_id: s!.documentId });
  // a replacement's note lists what it sends, not the order's quantities
  const ordered = !s!.documentNo;
  // quantities as ordered with the base units beside them: "2 箱（48 瓶）", a part of a case "1 箱 + 6 瓶（30 瓶）"
  const total = formatBaseTotals(s!.lines);
  const rows = s!.lines
    .map((l, i) => paper === 'a4'
      ? `<tr><td>${i + 1}</td><td>${esc(l.skuCode)}</td><td>${esc(l.name)} ${esc(l.specText)}</td>${ordered ? `<td class="num">${esc(lineQuantity(l.orderedQty, l))}</td>` : ''}<td class="num"><b>${esc(lineQuantity(l.qty, l))}</b></td><td></td></tr>`
      : `<tr><td>${esc(l.name)} ${esc(l.specText)}<br><small>${esc(l.skuCode)}${ordered && l.qty !== l.orderedQty ? ` · 订购 ${esc(lineQuantity(l.orderedQty, l))}` : ''}</small></td><td class="num">${esc(lineQuantity(l.qty, l))}</td></tr>`)
    .join('');
  const head = paper === 'a4'
    ? `<tr><th>#</th><th>编码 Code</th><th>商品 Item</th>${ordered ? '<th class="num">订购 Ordered</th>' : ''}<th class="num">本次发货 Shipped</th><th>实收 Received</th></tr>`
    : '<tr><th>商品 Item</th><th class="num">数量</th></tr>';
  const title = docTitle ? `${docTitle}发货单` : '发货单';
  const body = `<h1>${esc(title)} ${docTitle ? 'Replacement delivery note' : 'Delivery note'}</h1>
<div class="meta"><span>发货单号：<b>${esc(s!.number)}</b></span>${s!.documentNo ? `<span>售后单号：<b>${esc(s!.documentNo)}</b></span><span>原订单号：${esc(o.number)}</span>` : `<span>订单号：${esc(o.number)}</span>`}${o.customer_po ? `<span>客户PO：${esc(o.customer_po)}</span>` : ''}
<span>发货时间：${esc(fmtTime(s!.shippedAt, timeZone))}</span><span>发货仓：${esc(s!.warehouseName)}</span>${o.urgent && ordered ? '<span class="urgent">加急 URGENT</span>' : ''}</div>
<div class="meta"><span>客户：${esc(o.companyName)}（${esc(o.companyCode)}）</span><span>收货人：${esc(a.who)}</span><span>地址：${esc(a.where)}</span></div>
<div class="meta"><span>承运商：${esc(s!.carrier)}</span><span>运单号：${esc(s!.trackingNo ?? '—')}</span>${s!.estimatedDelivery ? `<span>预计送达：${esc(s!.estimatedDelivery)}</span>` : ''}</div>
<table><thead>${head}</thead><tbody>${rows}</tbody><tfoot><tr><td colspan="${paper === 'a4' ? (ordered ? 4 : 3) : 1}">合计 Total</td><td class="num">${esc(total)}</td>${paper === 'a4' ? '<td></td>' : ''}</tr></tfoot></table>
${o.note && ordered ? `<p>备注：${esc(o.note)}</p>` : ''}
<div class="sign"><span>发货人：________</span><span>收货人签字：________</span><span>日期：________</span></div>`;
  return { title: `${title} ${s!.number}`, body };
}

/** Printable pick list of a warehouse (A4). */
export function pickListHtml(list: Awaited<ReturnType<typeof pickList>>, timeZone: string): string {
  const totals = list.totals.map((t) => `<tr><td>${esc(t.skuCode)}</td><td>${esc(t.name)} ${esc(t.specText)}</td><td class="num">${esc(lineQuantity(t.qty, t))}</td><td></td></tr>`).join('');
  const orders = list.orders
    .map((o) => `<h3>${o.urgent ? '<span class="urgent">【加急】</span>' : ''}${o.document ? `【${esc(o.document.title)}】` : ''}${esc(o.number)}${o.document ? `（原订单 ${esc(o.document.orderNumber)}）` : ''} · ${esc(o.companyName)} · ${esc(fmtTime(o.submittedAt, timeZone))}</h3>
<table><thead><tr><th>行</th><th>编码</th><th>商品</th><th class="num">数量</th><th>✓</th></tr></thead><tbody>${o.lines
      .map((l) => `<tr><td>${l.lineNo}</td><td>${esc(l.skuCode)}</td><td>${esc(l.name)} ${esc(l.specText)}</td><td class="num">${esc(lineQuantity(l.qty, l))}</td><td></td></tr>`)
      .join('')}</tbody></table>`)
    .join('');
  const body = `<h1>拣货单 Pick list · ${esc(list.warehouse.name)}</h1><p>打印时间：${esc(fmtTime(new Date(), timeZone))} · 订单 ${list.orders.length} 张</p>
<h2>汇总 Totals</h2><table><thead><tr><th>编码</th><th>商品</th><th class="num">数量</th><th>✓</th></tr></thead><tbody>${totals}</tbody></table>
<h2>按订单 By order</h2>${orders || '<p>没有待拣货的订单 / nothing to pick</p>'}`;
  return printPage(`拣货单 ${list.warehouse.name}`, 'a4', body);
}
