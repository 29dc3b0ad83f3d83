import { newWorkbook } from '../../lib/excel';
import { formatYuan } from '../../lib/money';
import type { getStatement } from './statements';

type Statement = Awaited<ReturnType<typeof getStatement>>;

export const KIND_ZH: Record<string, string> = {
  topup: '预存款充值', order_charge: '订单', order_payment: '订单付款', order_cancel: '订单取消', refund: '退款', adjustment: '调整',
  return_credit: '售后冲减', opening: '期初余额', opening_payment: '期初应收收款',
};
const METHOD_ZH: Record<string, string> = { online: '在线支付', transfer: '银行转账', balance: '预存款', cod: '货到付款', credit: '账期' };
const yuan = (fen: number) => Number(formatYuan(fen));
const day = (d: Date | string, tz: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d));

/** What a statement line is, in words (shared by the Excel file and the print view). */
export function describeLine(l: Statement['lines'][number]): string {
  const parts = [KIND_ZH[l.kind] ?? l.kind];
  if (l.orderNumber) parts.push(l.orderNumber);
  if (l.paymentMethod) parts.push(METHOD_ZH[l.paymentMethod] ?? l.paymentMethod);
  if (l.refundNumber) parts.push(l.refundDestination === 'balance' ? '退回预存款' : '原路退回');
  return parts.join(' · ');
}

const ENTRY_ZH: Record<string, string> = { settle: '返利结算入账', earn: '收货得积分', reverse: '退货扣回', spend: '下单抵扣', release: '退回抵扣', expire: '积分到期', adjust: '人工调整' };

/** The rebate (¥) and points summary rows: not money owed, listed beside the statement's figures. */
export function fundsRows(s: Statement): { label: string; unit: 'fen' | 'points'; opening: number; credited: number; debited: number; closing: number }[] {
  return [
    { label: '返利（元）', unit: 'fen', ...s.funds.rebate },
    { label: '积分', unit: 'points', ...s.funds.points },
  ];
}

/** A rebate or points movement in words: what it was and on which order. */
export function describeMovement(kind: 'rebate' | 'points', m: Statement['funds']['rebate']['movements'][number]): string {
  return [kind === 'rebate' ? '返利' : '积分', ENTRY_ZH[m.entry] ?? m.entry, m.orderNumber ?? '', m.note ?? ''].filter(Boolean).join(' · ');
}

const fundsMoves = (s: Statement) => (['rebate', 'points'] as const).flatMap((k) => s.funds[k].movements.map((m) => ({ kind: k, m })))
  .sort((a, b) => new Date(a.m.at).getTime() - new Date(b.m.at).getTime());

/** The statement as an .xlsx workbook: summary on top, then every line with a running total. */
export async function statementWorkbook(s: Statement, tz: string): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Ordo';
  const ws = wb.addWorksheet(`对账单 ${s.period}`);
  ws.columns = [{ width: 14 }, { width: 40 }, { width: 18 }, { width: 16 }, { width: 16 }];
  ws.addRow([`对账单 ${s.period}`]).font = { bold: true, size: 14 };
  ws.addRow([`客户：${s.companyName}（${s.companyCode}）`]);
  ws.addRow([`期间：${day(s.periodStart, tz)} 至 ${day(new Date(new Date(s.periodEnd).getTime() - 1), tz)}`]);
  ws.addRow([]);
  const summary: [string, number][] = [['期初应付', s.opening], ['本期订单', s.orders], ['本期取消', -s.cancellations], ['本期付款', -s.payments], ['本期退款', s.refunds], ['期末应付', s.closing]];
  for (const [k, v] of summary) {
    const r = ws.addRow([k, null, yuan(v)]);
    r.getCell(3).numFmt = '#,##0.00';
    if (k === '期末应付') r.font = { bold: true };
  }
  ws.addRow([]);
  const head = ws.addRow(['日期', '摘要', '付款/退款单号', '金额（元）', '累计应付（元）']);
  head.font = { bold: true };
  for (const l of s.lines) {
    const r = ws.addRow([day(l.at, tz), describeLine(l), l.paymentNumber ?? l.refundNumber ?? '', yuan(l.effect), yuan(l.running)]);
    r.getCell(4).numFmt = '#,##0.00';
    r.getCell(5).numFmt = '#,##0.00';
  }
  ws.addRow([]);
  ws.addRow(['说明：金额为正表示客户应付增加；期末应付为负表示客户预存款有余额。']);
  ws.addRow([]);
  ws.addRow(['返利与积分（不计入应付）']).font = { bold: true };
  ws.addRow(['', '期初', '本期增加', '本期减少', '期末']).font = { bold: true };
  for (const f of fundsRows(s)) {
    const v = (n: number) => (f.unit === 'fen' ? yuan(n) : n);
    ws.addRow([f.label, v(f.opening), v(f.credited), v(f.debited), v(f.closing)]);
  }
  for (const { kind, m } of fundsMoves(s)) ws.addRow([day(m.at, tz), describeMovement(kind, m), '', kind === 'rebate' ? yuan(m.amount) : m.amount, kind === 'rebate' ? yuan(m.balanceAfter) : m.balanceAfter]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A printable HTML page of the statement (A4). */
export function statementHtml(s: Statement, tz: string): string {
  const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const money = (f: number) => `¥${formatYuan(f)}`;
  const rows = s.lines.map((l) => `<tr><td>${day(l.at, tz)}</td><td>${esc(describeLine(l))}</td><td>${esc(l.paymentNumber ?? l.refundNumber ?? '')}</td><td class="n">${money(l.effect)}</td><td class="n">${money(l.running)}</td></tr>`).join('');
  const status = { issued: '待确认', confirmed: '客户已确认', disputed: '客户有异议' }[s.status];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>对账单 ${esc(s.period)} ${esc(s.companyName)}</title>
<style>@page{size:A4;margin:16mm}body{font-family:"PingFang SC","Microsoft YaHei",system-ui,sans-serif;font-size:12px;color:#222;max-width:180mm;margin:auto}
h1{font-size:20px;text-align:center;margin:8px 0}table{width:100%;border-collapse:collapse;margin-top:10px}th,td{border:1px solid #999;padding:4px 6px}th{background:#f0f0f0}
.n{text-align:right;white-space:nowrap}.sum td{font-weight:600}.meta{display:flex;justify-content:space-between}.sign{margin-top:28px;display:flex;justify-content:space-between}
@media print{.noprint{display:none}}</style></head><body>
<button class="noprint" onclick="window.print()">打印</button>
<h1>客户对账单</h1><div class="meta"><div>客户：${esc(s.companyName)}（${esc(s.companyCode)}）</div><div>期间：${esc(s.period)}</div><div>状态：${status}</div></div>
<table><tr><th>期初应付</th><th>本期订单</th><th>本期取消</th><th>本期付款</th><th>本期退款</th><th>期末应付</th></tr>
<tr class="sum"><td class="n">${money(s.opening)}</td><td class="n">${money(s.orders)}</td><td class="n">${money(-s.cancellations)}</td><td class="n">${money(-s.payments)}</td><td class="n">${money(s.refunds)}</td><td class="n">${money(s.closing)}</td></tr></table>
<table><tr><th>日期</th><th>摘要</th><th>单号</th><th>金额</th><th>累计应付</th></tr>${rows || '<tr><td colspan="5">本期无发生额</td></tr>'}</table>
${fundsHtml(s, tz)}
${s.disputeReason ? `<p>客户异议：${esc(s.disputeReason)}</p>` : ''}
<div class="sign"><div>供应商（盖章）：</div><div>客户确认（签字/盖章）：</div><div>日期：</div></div></body></html>`;
}

/** The rebate and points part of the print view: a summary row each, then the month's movements. */
function fundsHtml(s: Statement, tz: string): string {
  const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const v = (unit: 'fen' | 'points', n: number) => (unit === 'fen' ? `¥${formatYuan(n)}` : `${n} 分`);
  const sums = fundsRows(s).map((f) => `<tr><td>${f.label}</td><td class="n">${v(f.unit, f.opening)}</td><td class="n">${v(f.unit, f.credited)}</td><td class="n">${v(f.unit, f.debited)}</td><td class="n">${v(f.unit, f.closing)}</td></tr>`).join('');
  const moves = fundsMoves(s).map(({ kind, m }) => `<tr><td>${day(m.at, tz)}</td><td colspan="2">${esc(describeMovement(kind, m))}</td><td class="n">${v(kind === 'rebate' ? 'fen' : 'points', m.amount)}</td><td class="n">${v(kind === 'rebate' ? 'fen' : 'points', m.balanceAfter)}</td></tr>`).join('');
  return `<h3>返利与积分（不计入应付）</h3><table><tr><th></th><th>期初</th><th>本期增加</th><th>本期减少</th><th>期末</th></tr>${sums}${moves}</table>`;
}
