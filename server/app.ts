import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Config } from './config';
import type { Database } from './lib/db';
import { AppError, isTransientConflict, type FieldIssue } from './lib/errors';
import { fieldMessage } from './lib/field-messages';
import { localeFrom, t } from './lib/i18n';
import type { ModuleContext, RouteApp } from './lib/module';
import { migrationVersion } from './lib/migrate';
import { modules } from './modules';
import { rateLimitStore } from './modules/platform/rate-limits';
import { supplierHeadTag } from './modules/platform/supplier';
import { indexPage } from './web-page';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from './modules/auth/sessions';
import { can } from './modules/auth/permissions';
import { forbidden, unauthenticated } from './lib/errors';
import './lib/http';
import { registerWebSecurity } from './lib/web-security';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
const startedAt = Date.now();

export interface AppOptions {
  config: Config;
  database: Database;
  kickWorker?: () => void;
  logger?: boolean | object;
  /** the built web app (default web/dist; tests give their own) */
  webDist?: string;
}

/** Builds the HTTP app: conventions (auth, errors, docs, metrics) and every module's routes. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: 1_048_576,
    // X-Forwarded-For only from the proxies named in ORDO_TRUSTED_PROXIES: anyone else could
    // pick their own address and walk past per-address limits and lockouts.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  await app.register(cookie);
  registerWebSecurity(app, config, SESSION_COOKIE);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 10 } });
  // Counters shared by every API process (Redis or PostgreSQL; in memory on PGlite).
  const limits = rateLimitStore(database, config.redisUrl);
  app.addHook('onClose', limits.close);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED', 429),
    ...limits.options,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Ordo API', description: 'B2B online ordering system (网上订货系统)', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
    // Upload routes (consumes multipart/form-data, read by server/lib/uploads.ts) are documented
    // with a multipart request body, so clients and the route-sweeping tests can find them.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const consumes = (input.schema as { consumes?: string[] } | undefined)?.consumes;
      if (consumes?.includes('multipart/form-data') && !(out.schema as { body?: unknown }).body) {
        out.schema = { ...out.schema, body: { type: 'object', description: 'multipart/form-data: text fields and one file (see the summary)', additionalProperties: true } };
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('authError', null);
  app.decorateRequest('locale', 'zh-CN');

  // Who is calling: a session cookie or a bearer token. Resolved once, before validation.
  app.addHook('onRequest', async (req) => {
    req.locale = localeFrom(req.headers['accept-language']);
    const header = req.headers.authorization;
    const cookieToken = req.cookies[SESSION_COOKIE];
    try {
      if (header?.startsWith('Bearer ')) req.actor = await actorFromToken(database.db, header.slice(7).trim());
      else if (cookieToken) req.actor = await actorFromSession(database.db, cookieToken);
    } catch (e) {
      req.authError = e instanceof AppError ? e.code : 'UNAUTHENTICATED';
    }
  });

  // The one place that enforces sign-in and permissions, from each route's config.
  app.addHook('preValidation', async (req) => {
    const cfg = req.routeOptions.config;
    if (!req.routeOptions.url || !req.routeOptions.url.startsWith('/api/')) return;
    if (cfg.auth === 'public') return;
    if (!req.actor) throw unauthenticated(req.authError ?? 'UNAUTHENTICATED');
    if (cfg.sessionOnly && req.actor.via === 'token') throw forbidden('TOKEN_NOT_ALLOWED');
    if (req.actor.twoFactorSetup && !cfg.twoFactorSetup) throw forbidden('TWO_FACTOR_SETUP_REQUIRED');
    if (cfg.permission && !can(req.actor, cfg.permission)) throw forbidden();
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = req.locale ?? localeFrom(req.headers['accept-language']);
    if (err instanceof AppError) {
      const body = err.render(locale);
      // field problems services list (VALIDATION) are worded in the caller's language here, as zod's are below
      if (err.code === 'VALIDATION' && Array.isArray(body.error.details)) {
        body.error.details = (body.error.details as FieldIssue[]).map((d) => (typeof d?.message === 'string' ? { ...d, message: fieldMessage({ message: d.message }, locale) } : d));
      }
      return reply.code(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}`,
        message: fieldMessage({ code: v.keyword, message: v.message ?? 'invalid', params: v.params }, locale),
        code: v.keyword,
      }));
      return reply.code(400).send(new AppError('VALIDATION', 400, {}, details).render(locale));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return reply.code(500).send(new AppError('INTERNAL', 500).render(locale));
    }
    const map: Record<string, [number, string]> = {
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
      FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
      FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON'],
      FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
      FST_REQ_FILE_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
      FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_JSON'],
    };
    const known = map[err.code];
    if (known) {
      return reply.code(known[0]).send(new AppError(known[1], known[0], { type: req.headers['content-type'] ?? '' }).render(locale));
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.code(400).send(new AppError('INVALID_JSON', 400).render(locale));
    }
    // A transaction that lost a race (deadlock, serialization failure) is a conflict, never a 500.
    if (isTransientConflict(err)) {
      req.log.warn({ err }, 'transaction lost a race');
      return reply.code(409).send(new AppError('CONFLICT', 409).render(locale));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own wording is English: Chinese callers get the registered message instead.
      const message = locale === 'en' ? err.message : t('BAD_REQUEST', locale);
      return reply.code(err.statusCode).send({ error: { code: err.code ?? 'BAD_REQUEST', message, details: null } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(new AppError('INTERNAL', 500).render(locale));
  });

  const ctx: ModuleContext = { database, config, kickWorker: opts.kickWorker ?? (() => undefined) };

  app.get('/healthz', { config: { auth: 'public' } }, async () => ({
    status: 'ok',
    database: database.kind,
    migration: await migrationVersion(database),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));
  // Prometheus: only with `Authorization: Bearer $ORDO_METRICS_TOKEN`; without the variable, off.
  app.get('/metrics', { config: { auth: 'public' } }, async (req, reply) => {
    const given = Buffer.from(req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : '');
    const want = Buffer.from(config.metricsToken ?? '');
    if (!config.metricsToken || given.length !== want.length || !timingSafeEqual(given, want)) {
      return reply.code(404).send(new AppError('ROUTE_NOT_FOUND', 404, { method: req.method, url: '/metrics' }).render(req.locale ?? 'zh-CN'));
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  await app.register(
    async (api) => {
      for (const m of modules) if (m.routes) await m.routes(api as unknown as RouteApp, ctx);
    },
    { prefix: '/api' },
  );

  // The web app: hashed assets cached for a year, every other non-API path gets index.html.
  const web = opts.webDist ?? webDist;
  const hasWeb = fs.existsSync(path.join(web, 'index.html'));
  const page = hasWeb ? indexPage(fs.readFileSync(path.join(web, 'index.html'), 'utf8')) : null;
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: web,
      wildcard: false,
      index: false,
      // brotli / gzip copies written at build time (web/vite.config.ts precompress), picked by Accept-Encoding
      preCompressed: true,
      setHeaders(res, filePath) {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api/') || url.startsWith('/docs') || !hasWeb || req.method !== 'GET') {
      return reply.code(404).send(new AppError('ROUTE_NOT_FOUND', 404, { method: req.method, url }).render(req.locale ?? 'zh-CN'));
    }
    // the page carries the supplier's name (one request less on every first page); its cache is revalidated each time
    return supplierHeadTag(database.db).then((tag) => {
      const { body, encoding } = page!(tag, req.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding').type('text/html; charset=utf-8').send(body);
    });
  });

  return app;
}
