// The worker side of server/lib/pglite-thread.ts: one PGlite instance in a worker thread, so the
// database's own work (WASM, ~70% of an order's CPU on PGlite) runs on another core than the HTTP
// server's. Plain JavaScript (no TypeScript loader to start in the thread). PGlite queues what it
// is sent in order; the main side's ConnectionLock keeps transactions from interleaving.
import { Blob } from 'node:buffer';
import fs from 'node:fs';
import { setImmediate } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** As server/lib/db.ts parseInt8: int8 arrives as a number, refused beyond 2^53. */
function parseInt8(value) {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

/** This thread's CPU time in ms (utime + stime of /proc/thread-self, read on this thread). */
function threadCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/** A database error as plain data: its message and every primitive field (code, detail, constraint …). */
function plainError(e) {
  const out = { message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error', props: {} };
  if (e && typeof e === 'object') {
    for (const [k, v] of Object.entries(e)) {
      if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) out.props[k] = v;
    }
  }
  return out;
}

const { dataDir, loadDataDir } = workerData;
const options = { extensions: { pg_trgm }, parsers: { [types.INT8]: parseInt8 } };
let pgl;
try {
  pgl = loadDataDir ? await PGlite.create({ ...options, loadDataDir: new Blob([loadDataDir]) }) : await PGlite.create(dataDir, options);
  parentPort.postMessage({ id: 0, ok: true });
} catch (e) {
  parentPort.postMessage({ id: 0, ok: false, error: plainError(e) });
}

const ops = {
  async query(m) {
    const res = await pgl.query(m.sql, m.params, { rowMode: 'object' });
    return { rows: res.rows, affectedRows: res.affectedRows };
  },
  async exec(m) {
    await pgl.exec(m.sql);
    return null;
  },
  async dump() {
    const blob = await pgl.dumpDataDir('gzip');
    return new Uint8Array(await blob.arrayBuffer());
  },
  async cpu() {
    return threadCpuMs();
  },
  async close() {
    await pgl.close();
    setImmediate(() => parentPort.close());
    return null;
  },
};

parentPort.on('message', (m) => {
  ops[m.op](m).then(
    (result) => parentPort.postMessage({ id: m.id, ok: true, result }, result instanceof Uint8Array ? [result.buffer] : undefined),
    (e) => parentPort.postMessage({ id: m.id, ok: false, error: plainError(e) }),
  );
});
