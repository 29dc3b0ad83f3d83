import fs from 'node:fs';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../server/lib/db-types';

/**
 * What the order benchmark reports beside orders/s: SQL round trips (every statement the driver
 * sends: pg's Client.query, PGlite's query/exec — BEGIN and COMMIT count), Node CPU of this
 * process, PostgreSQL CPU of this benchmark's own backends (from /proc, by application_name; the
 * server is shared with other work, so only our backends count) and the load average.
 * Statements carrying the comment FILL_TAG (the benchmark filling carts by SQL) are not counted.
 */
export const FILL_TAG = '/* bench-fill */';
let roundTrips = 0;
const counted = (text: unknown) => {
  const s = typeof text === 'string' ? text : (text as { text?: string })?.text ?? '';
  if (!s.includes(FILL_TAG)) roundTrips++;
};

export function countRoundTrips(): void {
  const q = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    counted(a[0]);
    return q.apply(this, a);
  } as typeof pg.Client.prototype.query;
  for (const m of ['query', 'exec'] as const) {
    const f = PGlite.prototype[m] as (...a: unknown[]) => unknown;
    (PGlite.prototype as unknown as Record<string, unknown>)[m] = function (this: PGlite, ...a: unknown[]) {
      counted(a[0]);
      return f.apply(this, a);
    };
  }
}
export const roundTripCount = () => roundTrips;

/** This benchmark's PostgreSQL backends: pg reads PGAPPNAME for application_name. */
export const APP_NAME = `ordo-bench-${process.pid}`;
process.env.PGAPPNAME ??= APP_NAME;

const TICK_MS = 10; // USER_HZ = 100 on Linux
function procCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
  } catch {
    return null;
  }
}

async function backendPids(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`/* bench-fill */ select pid from pg_stat_activity where application_name = ${APP_NAME}`.execute(db);
  return rows.map((r) => r.pid);
}

export interface Meter { stop(orders: number): Promise<Record<string, unknown>> }

/** Starts measuring a phase; stop(orders) gives the per-order figures. */
export async function meter(db: Kysely<DB>, engine: string): Promise<Meter> {
  const pids = engine === 'postgres' ? await backendPids(db) : [];
  const pgStart = new Map(pids.map((p) => [p, procCpuMs(p) ?? 0]));
  const cpu = process.cpuUsage();
  const rt = roundTrips;
  const t0 = performance.now();
  const load0 = os.loadavg()[0]!;
  return {
    async stop(orders: number) {
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      const trips = roundTrips - rt;
      let pgMs: number | null = null;
      if (engine === 'postgres') {
        pgMs = 0;
        for (const p of await backendPids(db)) pgMs += (procCpuMs(p) ?? 0) - (pgStart.get(p) ?? 0);
      }
      const per = (v: number) => Math.round((v / Math.max(1, orders)) * 100) / 100;
      return {
        roundTripsPerOrder: per(trips),
        nodeCpuMsPerOrder: per((used.user + used.system) / 1000),
        ...(pgMs != null ? { pgCpuMsPerOrder: per(pgMs) } : {}),
        loadAvg1m: { start: Math.round(load0 * 100) / 100, end: Math.round(os.loadavg()[0]! * 100) / 100 },
        wallMs: Math.round(ms),
      };
    },
  };
}
