import { newWorkbook } from '../../lib/excel';
import { z } from 'zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { validation } from '../../lib/errors';
import { definePermissions } from '../auth/permissions';
import { dashboard, salesReport, type BaseUnitTotal, type SalesGroup } from './service';
import { formatBaseTotals } from '../../lib/quantity';
import { staffTodo } from './todo';
import { analyticsRoutes } from './routes-analytics';

definePermissions({ 'reports.view': ['admin', 'sales', 'finance'], 'reports.todo': ['admin', 'sales', 'warehouse', 'finance'] });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');
const salesQuery = z.object({ from: isoDate, to: isoDate, groupBy: z.enum(['day', 'month', 'customer', 'sku', 'rep']).default('day') });
/** qty: base units summed over products (meaningful for one SKU); units: the same per base unit, which is what screens show */
const salesRow = z.object({ key: z.string(), label: z.string(), orders: z.number(), qty: z.number(), amount: z.number(), units: z.array(z.object({ unit: z.string(), qty: z.number() })) });
const num = z.coerce.number();

function checkRange(q: { from: string; to: string }) {
  if (q.from > q.to) throw validation([{ path: 'querystring.from', message: 'from must not be after to' }]);
  if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > 3660) throw validation([{ path: 'querystring.to', message: 'at most 10 years' }]);
}

/** jsonb totals as numbers (bigint sums arrive as strings on some drivers). */
const unitTotals = (u: BaseUnitTotal[] | null) => (u ?? []).map((x) => ({ unit: x.unit, qty: Number(x.qty) }));

export async function reportRoutes(app: RouteApp, ctx: ModuleContext) {
  const { database, config } = ctx;
  // Reports read from the replica when DATABASE_READ_URL is set (they may lag by a moment).
  const db = database.read;
  await analyticsRoutes(app, ctx);

  app.get('/reports/dashboard', {
    schema: {
      tags: ['reports'],
      summary: 'Key figures, daily sales, status counts, top SKUs and customers (sales reps: their customers only)',
      querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
      response: {
        200: z.object({
          days: z.number(),
          kpis: z.record(z.string(), num),
          salesByDay: z.array(z.object({ day: z.string(), orders: z.number(), amount: z.number() })),
          statusCounts: z.array(z.object({ status: z.string(), count: num })),
          topSkus: z.array(z.object({ skuId: z.number(), code: z.string(), name: z.string(), qty: num, amount: num })),
          topCustomers: z.array(z.object({ companyId: z.number(), name: z.string(), orders: num, amount: num })),
        }),
        ...errors,
      },
    },
    config: { permission: 'reports.view' },
  }, async (req) => dashboard(db, actorOf(req), { days: req.query.days, timeZone: config.timeZone }));

  app.get('/reports/todo', {
    schema: {
      tags: ['reports'], summary: "What waits for the caller's role (staff home): orders to review at their step, to ship, awaiting payment, transfers to confirm, stock below safety, replenishment — each with the page that lists it",
      response: { 200: z.object({ items: z.array(z.object({ key: z.string(), count: z.number(), link: z.string() })) }), ...errors },
    },
    config: { permission: 'reports.todo' },
  }, async (req) => ({ items: await staffTodo(database.db, actorOf(req)) }));

  app.get('/reports/sales', {
    schema: { tags: ['reports'], summary: 'Sales between two dates grouped by day, month, customer, SKU or sales rep', querystring: salesQuery, response: { 200: z.array(salesRow), ...errors } },
    config: { permission: 'reports.view' },
  }, async (req) => {
    checkRange(req.query);
    const rows = await salesReport(db, actorOf(req), { ...req.query, groupBy: req.query.groupBy as SalesGroup, timeZone: config.timeZone });
    return rows.map((r) => ({ ...r, orders: Number(r.orders), qty: Number(r.qty), amount: Number(r.amount), units: unitTotals(r.units) }));
  });

  app.get('/reports/sales.xlsx', {
    schema: { tags: ['reports'], summary: 'The sales report as an Excel workbook', querystring: salesQuery },
    config: { permission: 'reports.view' },
  }, async (req, reply) => {
    checkRange(req.query);
    const rows = await salesReport(db, actorOf(req), { ...req.query, groupBy: req.query.groupBy as SalesGroup, timeZone: config.timeZone });
    const wb = await newWorkbook();
    const ws = wb.addWorksheet('销售报表');
    // quantities are base units: per SKU a number and its unit; per day, customer or rep one total per base unit ("29 瓶 + 10 罐")
    const perSku = req.query.groupBy === 'sku';
    ws.columns = [
      { header: '分组 Key', key: 'key', width: 18 },
      { header: '名称 Name', key: 'label', width: 36 },
      { header: '订单数 Orders', key: 'orders', width: 14 },
      ...(perSku
        ? [{ header: '数量（基本单位） Qty (base units)', key: 'qty', width: 16 }, { header: '单位 Unit', key: 'unit', width: 8 }]
        : [{ header: '数量（按基本单位） Qty by base unit', key: 'qty', width: 28 }]),
      { header: '金额(元) Amount', key: 'amount', width: 16, style: { numFmt: '#,##0.00' } },
    ];
    for (const r of rows) {
      const units = unitTotals(r.units);
      ws.addRow({ ...r, orders: Number(r.orders), qty: perSku ? Number(r.qty) : formatBaseTotals(units.map((u) => ({ qty: u.qty, baseUnit: u.unit }))), unit: units[0]?.unit ?? '', amount: Number(r.amount) / 100 });
    }
    ws.getRow(1).font = { bold: true };
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="sales-${req.query.from}-${req.query.to}-${req.query.groupBy}.xlsx"`);
    return reply.send(buf);
  });
}
