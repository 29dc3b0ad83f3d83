import fs from 'node:fs';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../server/lib/db-types';
import { PGliteThread } from '../server/lib/pglite-thread';

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
  // PGlite on this thread, or in its own (pglite-thread.ts: counted where the statement is sent)
  for (const proto of [PGlite.prototype, PGliteThread.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
    for (const m of ['query', 'exec']) {
      const f = proto[m]!;
      proto[m] = function (this: unknown, ...a: unknown[]) {
        counted(a[0]);
        return f.apply(this, a);
      };
    }
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

/** The calling thread's CPU time in ms (Linux; null elsewhere). */
function threadCpuMs(): number | null {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(x[11]) + Number(x[12])) * TICK_MS;
  } catch {
    return null;
  }
}

export interface Meter { stop(orders: number): Promise<Record<string, unknown>> }

/**
 * Starts measuring a phase; stop(orders) gives the per-order figures. With `dbThreadCpuMs` (PGlite
 * in its own thread: Database.dbThreadCpuMs) the CPU of this process's main thread and of the
 * database's thread are reported apart, beside the whole process's.
 */
export async function meter(db: Kysely<DB>, engine: string, dbThreadCpuMs?: () => Promise<number | null>): Promise<Meter> {
  const pids = engine === 'postgres' ? await backendPids(db) : [];
  const pgStart = new Map(pids.map((p) => [p, procCpuMs(p) ?? 0]));
  const main0 = threadCpuMs();
  const dbThread0 = dbThreadCpuMs ? await dbThreadCpuMs() : null;
  const cpu = process.cpuUsage();
  const rt = roundTrips;
  const t0 = performance.now();
  const load0 = os.loadavg()[0]!;
  return {
    async stop(orders: number) {
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      const main1 = threadCpuMs();
      const dbThread1 = dbThreadCpuMs ? await dbThreadCpuMs() : null;
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
        ...(main0 != null && main1 != null ? { mainThreadCpuMsPerOrder: per(main1 - main0) } : {}),
        ...(dbThread0 != null && dbThread1 != null ? { dbThreadCpuMsPerOrder: per(dbThread1 - dbThread0) } : {}),
        ...(pgMs != null ? { pgCpuMsPerOrder: per(pgMs) } : {}),
        loadAvg1m: { start: Math.round(load0 * 100) / 100, end: Math.round(os.loadavg()[0]! * 100) / 100 },
        wallMs: Math.round(ms),
      };
    },
  };
}
