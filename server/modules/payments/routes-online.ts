import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { errors, idParams, optionalText } from '../../lib/schemas';
import { actorOf } from '../../lib/http';
import { forbidden } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import type { Actor } from '../auth/actor';
import { definePermissions } from '../auth/permissions';
import * as s from './schemas';
import { handleNotification, recordCod, startOnlinePayment, syncOnlinePayment } from './online';
import { listRefunds, refundOrder } from './refunds';
import { chooseDeferred } from './terms';
import { orderForActor } from './order-payments';
import { sandboxPay } from './provider/sandbox';
import { sandboxEnabled, setSandboxEnabled } from './provider';

definePermissions({ 'payments.collect': ['admin', 'finance', 'warehouse'] });

const myCompany = (actor: Actor) => {
  if (actor.companyId == null) throw forbidden();
  return actor.companyId;
};
const refund = z.object({
  id: z.number(), number: z.string(), companyId: z.number(), companyName: z.string(), orderId: z.number(), orderNumber: z.string(),
  paymentId: z.number().nullable(), paymentNumber: z.string().nullable(), paymentMethod: s.payMethod.nullable(), amount: z.number(),
  destination: z.enum(['balance', 'original']), status: z.enum(['pending', 'succeeded', 'failed']), reason: z.string().nullable(),
  createdAt: z.date().or(z.string()), completedAt: z.date().or(z.string()).nullable(),
});
const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function onlinePaymentRoutes(app: RouteApp, ctx: ModuleContext) {
  const db = ctx.database.db;
  setSandboxEnabled(ctx.config.sandboxPayments);
  // Outside demo mode an enabled sandbox says so on every pay page, in red.
  const loud = ctx.config.demo ? '' : '<div class="danger" role="alert">警告：沙箱支付已在非演示环境开启（ORDO_SANDBOX_PAYMENTS=1）。任何持有支付链接的人都能不付款而标记订单已付。生产环境请勿开启。<br>WARNING: the sandbox payment provider is on outside demo mode — never in production.</div>';
  const publicUrl = ctx.config.publicUrl.replace(/\/$/, '');
  const my = ['my payments'];
  const tags = ['payments'];

  // channel 'qr' (default): payUrl is shown as a QR code to scan; 'mobile': the phone's browser opens payUrl (WeChat Pay H5 / Alipay wap.pay).
  app.post('/my/orders/:id/pay/online', {
    schema: { tags: my, summary: 'Start an online payment for an order (amount defaults to what is owed; channel qr or mobile, default qr); open payUrl', params: idParams, body: s.onlineOrderPayBody, response: { 200: s.payment, ...errors } },
    config: { permission: 'payments.self' },
  }, async (req) => startOnlinePayment(db, publicUrl, actorOf(req), { orderId: req.params.id }, req.body.amount, { channel: req.body.channel, clientIp: req.ip || null }));
  app.post('/my/account/topups/online', {
    schema: { tags: my, summary: 'Top up the prepaid balance online (channel qr or mobile, default qr); open payUrl', body: s.onlineTopupBody, response: { 200: s.payment, ...errors } },
    config: { permission: 'payments.self' },
  }, async (req) => {
    const actor = actorOf(req);
    return startOnlinePayment(db, publicUrl, actor, { companyId: myCompany(actor) }, req.body.amount, { channel: req.body.channel, clientIp: req.ip || null });
  });
  app.post('/my/payments/:id/sync', {
    schema: { tags: my, summary: 'Back from the pay page: ask the provider and record the payment if it is paid', params: idParams, response: { 200: s.payment, ...errors } },
    config: { permission: 'payments.self' },
  }, async (req) => syncOnlinePayment(db, actorOf(req), req.params.id));
  app.post('/my/orders/:id/pay/later', {
    schema: { tags: my, summary: 'Pay later: on credit terms (credit-checked) or cash on delivery', params: idParams, body: z.object({ method: z.enum(['credit', 'cod']) }), response: { 200: z.object({ orderId: z.number(), paymentMethod: z.enum(['credit', 'cod']) }), ...errors } },
    config: { permission: 'payments.self' },
  }, async (req) => chooseDeferred(db, actorOf(req), req.params.id, req.body.method));
  app.get('/my/orders/:id/refunds', { schema: { tags: my, params: idParams, response: { 200: z.array(refund), ...errors } }, config: { permission: 'payments.self' } }, async (req) => {
    await orderForActor(db, actorOf(req), req.params.id);
    return listRefunds(db, actorOf(req), { orderId: req.params.id });
  });

  // ---- staff ----
  app.post('/payments/orders/:id/cod', {
    schema: { tags, summary: 'Record cash collected on delivery', params: idParams, body: z.object({ amount: s.amount, note: optionalText(200) }), response: { 200: s.payment, ...errors } },
    config: { permission: 'payments.collect' },
  }, async (req) => recordCod(db, actorOf(req), req.params.id, req.body.amount, req.body.note ?? null));
  app.post('/payments/orders/:id/refunds', {
    schema: {
      tags, summary: 'Refund a cancelled order: to the prepaid balance or the original method (amount defaults to everything refundable)', params: idParams,
      body: z.object({ amount: s.amount.optional(), destination: z.enum(['balance', 'original']), reason: optionalText(200) }), response: { 200: z.array(refund), ...errors },
    },
    config: { permission: 'payments.manage' },
  }, async (req) => refundOrder(db, actorOf(req), req.params.id, req.body));
  app.get('/payments/orders/:id/refunds', { schema: { tags, params: idParams, response: { 200: z.array(refund), ...errors } }, config: { permission: 'payments.read' } }, async (req) => {
    await orderForActor(db, actorOf(req), req.params.id);
    return listRefunds(db, actorOf(req), { orderId: req.params.id });
  });
  app.get('/payments/refunds', { schema: { tags, response: { 200: z.array(refund), ...errors } }, config: { permission: 'payments.read' } }, async (req) => listRefunds(db, actorOf(req), { limit: 100 }));

  // Provider callbacks and the sandbox pay page read the raw body (signatures are over the exact bytes).
  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<ZodTypeProvider>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => done(null, body));
    raw.post('/payments/notify/:provider', {
      schema: { tags, summary: 'Asynchronous payment/refund notification from a provider (signed); rate-limited per address', params: z.object({ provider: z.string().max(32) }), response: { 200: z.string(), ...errors, 429: errors[400] } },
      config: { auth: 'public', rateLimit: { max: ctx.config.notifyRateLimitPerMinute, timeWindow: '1 minute' } },
    }, async (req, reply) => {
      const r = await handleNotification(db, req.params.provider, req.headers, typeof req.body === 'string' ? req.body : '');
      return reply.type(r.ack.startsWith('{') ? 'application/json' : 'text/plain').send(r.ack); // WeChat Pay: JSON, Alipay/sandbox: "success"
    });
    raw.get('/payments/sandbox/pay/:tradeNo', { schema: { hide: true, params: z.object({ tradeNo: z.string().max(64) }) }, config: { auth: 'public' } }, async (req, reply) => {
      const t = sandboxEnabled() ? await db.selectFrom('sandbox_trades').selectAll().where('trade_no', '=', req.params.tradeNo).executeTakeFirst() : undefined;
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!t) return reply.code(404).send(page('交易不存在', '<p>交易不存在或已关闭。</p>'));
      const body = t.status === 'created'
        ? `<form method="post"><button id="pay" type="submit">付款 ¥${formatYuan(t.amount)}</button></form><form method="post" action="${esc(t.trade_no)}/close"><button class="secondary" type="submit">取消</button></form>`
        : `<p class="done">${t.status === 'paid' ? '已付款' : '已关闭'}</p>${t.return_url ? `<a href="${esc(t.return_url)}">返回商户</a>` : ''}`;
      return reply.send(page('收银台 · 沙箱支付', `${loud}<div class="amt">¥${formatYuan(t.amount)}</div><p>${esc(t.subject)}</p><p class="muted">交易号 ${esc(t.trade_no)}<br>商户订单号 ${esc(t.out_trade_no)}</p>${body}`));
    });
    raw.post('/payments/sandbox/pay/:tradeNo', { schema: { hide: true, params: z.object({ tradeNo: z.string().max(64) }) }, config: { auth: 'public' } }, async (req, reply) => {
      const r = sandboxEnabled() ? await sandboxPay(db, req.params.tradeNo) : null;
      if (!r) return reply.code(404).type('text/html; charset=utf-8').send(page('交易不存在', '<p>交易不存在。</p>'));
      ctx.kickWorker();
      return reply.redirect(r.returnUrl ?? `/api/payments/sandbox/pay/${req.params.tradeNo}`, 303);
    });
    raw.post('/payments/sandbox/pay/:tradeNo/close', { schema: { hide: true, params: z.object({ tradeNo: z.string().max(64) }) }, config: { auth: 'public' } }, async (req, reply) => {
      if (!sandboxEnabled()) return reply.code(404).type('text/html; charset=utf-8').send(page('交易不存在', '<p>交易不存在。</p>'));
      const t = await db.updateTable('sandbox_trades').set({ status: 'closed' }).where('trade_no', '=', req.params.tradeNo).where('status', '=', 'created').returning('return_url').executeTakeFirst();
      return reply.redirect(t?.return_url ?? `/api/payments/sandbox/pay/${req.params.tradeNo}`, 303);
    });
  });
}

function page(title: string, inner: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:40px 16px;padding:28px 24px;border-radius:12px;max-width:380px;width:100%;box-shadow:0 2px 12px #0001;text-align:center}
h1{font-size:18px;margin:0 0 4px}.badge{display:inline-block;background:#fff3cd;color:#8a6d00;border-radius:4px;padding:2px 8px;font-size:12px;margin-bottom:16px}
.amt{font-size:34px;font-weight:600;margin:12px 0}.muted{color:#888;font-size:12px;line-height:1.6}.done{font-size:20px;color:#1a7f37}.danger{background:#d4380d;color:#fff;font-weight:600;border-radius:6px;padding:10px;margin-bottom:12px;font-size:13px;text-align:left}
button{width:100%;padding:12px;font-size:16px;border:0;border-radius:8px;background:#1677ff;color:#fff;margin-top:12px;cursor:pointer}button.secondary{background:#eee;color:#333}</style></head>
<body><main><h1>${title}</h1><div class="badge">沙箱环境 · 不产生真实扣款</div>${inner}</main></body></html>`;
}
