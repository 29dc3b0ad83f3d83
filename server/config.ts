import path from 'node:path';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
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
  /** Redis for live events and rate limits across processes (optional; else PostgreSQL). */
  redisUrl: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ORDO_DATA_DIR ?? './data'),
    demo: env.ORDO_DEMO !== '0',
    worker: env.ORDO_WORKER === 'off' ? 'off' : 'inline',
    logLevel: env.LOG_LEVEL ?? 'info',
    publicUrl: env.ORDO_PUBLIC_URL ?? `http://localhost:${port}`,
    cookieSecure: env.COOKIE_SECURE === '1',
    timeZone: env.ORDO_TIMEZONE ?? 'Asia/Shanghai',
    smtpUrl: env.ORDO_SMTP_URL || env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Ordo <noreply@ordo.local>',
    loginRateLimitPerMinute: Number(env.ORDO_LOGIN_RATE_LIMIT ?? 30),
    redisUrl: env.REDIS_URL || undefined,
  };
}
