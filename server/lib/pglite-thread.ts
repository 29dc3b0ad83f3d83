import { Worker } from 'node:worker_threads';

/**
 * Embedded PGlite in a worker thread (issue 20). On the main thread the database's own work (about
 * 70% of an order's CPU) and the HTTP server's add up on one core; here PGlite runs on another core
 * and the main thread keeps Fastify, zod and the responses. A statement is one message each way
 * ({op, sql, params} → {rows, affectedRows}, structured clone: Dates, bytea, jsonb survive).
 * Ordering and transactions stay the dialect's business (ConnectionLock, pglite-dialect.ts): the
 * thread answers one message after another.
 *
 * The thread holds the process alive only while a request is outstanding (unref when idle): a
 * handle nobody closed never keeps a test run or a script from exiting.
 */
export interface PGliteThreadOptions {
  /** PGlite data folder; undefined means in-memory. */
  dataDir?: string;
  /** In-memory PGlite started from this dump (dumpDataDir). */
  loadDataDir?: Blob;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; name: string; props: Record<string, unknown> } };

const workerFile = new URL('./pglite-thread-worker.mjs', import.meta.url);

function rebuild(error: { message: string; name: string; props: Record<string, unknown> }): Error {
  const e = new Error(error.message);
  Object.assign(e, error.props);
  e.name = error.name;
  return e;
}

export class PGliteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #next = 1;
  #closed = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (m: Reply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(rebuild(m.error));
    });
    const fail = (e: unknown) => {
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
      this.#closed = true;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite thread exited (code ${code})`)));
  }

  /** Starts the thread and opens PGlite in it (resolves once PGlite is ready). */
  static async start(opts: PGliteThreadOptions): Promise<PGliteThread> {
    const loadDataDir = opts.loadDataDir ? new Uint8Array(await opts.loadDataDir.arrayBuffer()) : undefined;
    const worker = new Worker(workerFile, {
      workerData: { dataDir: opts.dataDir, loadDataDir },
      transferList: loadDataDir ? [loadDataDir.buffer] : [],
      // no TypeScript loader in the thread: it runs plain JavaScript
      execArgv: [],
    });
    const thread = new PGliteThread(worker);
    try {
      await thread.#call(0, undefined);
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return thread;
  }

  #call(id: number, message: Record<string, unknown> | undefined): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('the PGlite thread is closed'));
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      if (message) this.#worker.postMessage({ ...message, id });
    });
  }

  #send(op: string, fields: Record<string, unknown> = {}): Promise<unknown> {
    return this.#call(this.#next++, { op, ...fields });
  }

  /** One statement with parameters; rows as objects (PGlite's rowMode 'object'). */
  query<R>(sql: string, params: unknown[] = [], _options?: { rowMode?: 'object' }): Promise<{ rows: R[]; affectedRows?: number }> {
    return this.#send('query', { sql, params }) as Promise<{ rows: R[]; affectedRows?: number }>;
  }

  /** A multi-statement script (migrations). */
  async exec(sql: string): Promise<void> {
    await this.#send('exec', { sql });
  }

  /** A copy of the data folder as a .tar.gz (PGlite's dumpDataDir('gzip')). */
  async dumpDataDir(_compression: 'gzip' = 'gzip'): Promise<Blob> {
    const bytes = (await this.#send('dump')) as Uint8Array;
    return new Blob([bytes], { type: 'application/x-gzip' });
  }

  /** The thread's CPU time in ms (/proc/thread-self, Linux; null elsewhere): benchmarks. */
  threadCpuMs(): Promise<number | null> {
    return this.#send('cpu') as Promise<number | null>;
  }

  /** Closes PGlite (its data folder flushed) and ends the thread. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#send('close');
    } finally {
      this.#closed = true;
      await this.#worker.terminate();
    }
  }
}
