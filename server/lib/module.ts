import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Database } from './db';
import type { OutboxHandler } from '../modules/platform/outbox';

/** The Fastify instance routes are declared on, typed by zod schemas. */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ModuleContext {
  database: Database;
  config: Config;
  /** Wakes the in-process outbox worker after a commit (no-op when it runs elsewhere). */
  kickWorker(): void;
}

/** What the demo seed passes from module to module (ids of rows later modules refer to). */
export interface SeedContext {
  database: Database;
  /** Shared bag: earlier modules put ids here for later ones, e.g. refs.companies['C001']. */
  refs: Record<string, Record<string, number>>;
  /** Demo logins printed at start: role → [login, password]. */
  logins: { role: string; login: string; password: string; note?: string }[];
  /** The supplier's time zone (config ORDO_TIMEZONE): demo order numbers follow its calendar day. */
  timeZone: string;
}

/** A business domain: its routes (under /api), its outbox consumers, its part of the demo. */
export interface OrdoModule {
  name: string;
  routes?: (app: RouteApp, ctx: ModuleContext) => void | Promise<void>;
  outboxHandlers?: (ctx: ModuleContext) => OutboxHandler[];
  seedDemo?: (ctx: SeedContext) => Promise<void>;
  /** Demo data built from what later modules seeded (e.g. rebates from the demo's received orders): runs after every seedDemo. */
  seedDemoLast?: (ctx: SeedContext) => Promise<void>;
  /** periodic work run by the worker (e.g. automatic delivery of old shipments) */
  jobs?: (ctx: ModuleContext) => PeriodicJob[];
}

/** A job the worker runs every `everyMs`; it must be safe to run in several processes at once. */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}
