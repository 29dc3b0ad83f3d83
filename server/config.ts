import path from 'node:path';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** A streaming replica for reports (optional; PostgreSQL only). */
  databaseReadUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  worker: 'inline' | 'off';
  logLevel: string;
  publicUrl: string;
  cookieSecure: boolean;
  timeZone: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  loginRateLimitPerMinute: number;
  /** ORDO_NOTIFY_RATE_LIMIT: payment notifications per minute from one address (providers send from few). */
  notifyRateLimitPerMinute: number;
  /** ORDO_TRUSTED_PROXIES: addresses / CIDRs whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  /** Redis for live events and rate limits across processes (optional; else PostgreSQL). */
  redisUrl: string | undefined;
  /** The sandbox payment provider (pay without paying): on in demo mode, else only with ORDO_SANDBOX_PAYMENTS=1. */
  sandboxPayments: boolean;
  /** Bearer token /metrics requires (ORDO_METRICS_TOKEN); unset: /metrics answers 404. */
  metricsToken: string | undefined;
  /**
   * The server's secret key (lib/secret-key.ts: ORDO_SECRET_KEY, or a generated file in the data
   * folder outside production). null until main.ts / worker-main.ts load it; an app built without
   * one (tests, benchmarks) gets a key for its process only.
   */
  secretKey: Buffer | null;
}

/**
 * Demo mode (demo data with known passwords, the sandbox payment provider, the demo hint on the
 * login page). ORDO_DEMO=1 / 0 decides; unset, it is on only for the embedded database outside
 * NODE_ENV=production — so `npm start` on a laptop shows the demo, and a server on
 * DATABASE_URL starts empty and safe without anyone reading the manual.
 */
export function demoMode(env: NodeJS.ProcessEnv): boolean {
  if (env.ORDO_DEMO === '1') return true;
  if (env.ORDO_DEMO === '0') return false;
  return !env.DATABASE_URL && env.NODE_ENV !== 'production';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: path.resolve(env.ORDO_DATA_DIR ?? './data'),
    demo: demoMode(env),
    worker: env.ORDO_WORKER === 'off' ? 'off' : 'inline',
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: env.ORDO_PUBLIC_URL ?? `http://localhost:${port}`,
    cookieSecure: env.COOKIE_SECURE === '1',
    timeZone: env.ORDO_TIMEZONE ?? 'Asia/Shanghai',
    smtpUrl: env.ORDO_SMTP_URL || env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Ordo <noreply@ordo.local>',
    loginRateLimitPerMinute: Number(env.ORDO_LOGIN_RATE_LIMIT ?? 30),
    notifyRateLimitPerMinute: Number(env.ORDO_NOTIFY_RATE_LIMIT ?? 300),
    redisUrl: env.REDIS_URL || undefined,
    trustedProxies: (env.ORDO_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    sandboxPayments: demoMode(env) || env.ORDO_SANDBOX_PAYMENTS === '1',
    metricsToken: env.ORDO_METRICS_TOKEN || undefined,
    secretKey: null,
  };
}
