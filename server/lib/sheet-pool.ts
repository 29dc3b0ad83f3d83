import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from './errors';
import { readTable, type Format, type ReadOptions, type SheetRow } from './sheet-reader';

/**
 * Reads a spreadsheet in a worker thread (issue 19): parsing a large workbook is seconds of pure
 * CPU that would otherwise stall every other request. One short-lived worker per file: imports are
 * rare and one at a time, and a worker that dies takes nothing with it. Small files are read in
 * this thread — starting a worker costs more than parsing them.
 */
type Table = { format: Format; header: string[]; rows: SheetRow[] };

/** Files below this many bytes are parsed in the calling thread. */
export const OFF_THREAD_BYTES = 256 * 1024;

// The compiled server (scripts/start.mjs) defines this as the bundled worker's file URL.
declare const __ORDO_SHEET_WORKER__: string | undefined;

function startWorker(): Worker {
  if (typeof __ORDO_SHEET_WORKER__ === 'string') return new Worker(new URL(__ORDO_SHEET_WORKER__));
  // from TypeScript sources (tsx, vitest): the worker registers tsx's loader, then loads the .ts file
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const file = new URL('./sheet-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); })`, { eval: true });
}

/** `readTable` in a worker thread (for files of at least `threshold` bytes). */
export async function readTableOffThread(buf: Buffer, opts: ReadOptions = {}, threshold = OFF_THREAD_BYTES): Promise<Table> {
  if (buf.length < threshold) return readTable(buf, opts);
  const worker = startWorker();
  try {
    const reply = await new Promise<{ table?: Table; appError?: { code: string; status: number; params: Record<string, unknown> }; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`sheet worker exited with code ${code}`)));
      worker.postMessage({ buf, opts });
    });
    if (reply.appError) throw new AppError(reply.appError.code, reply.appError.status, reply.appError.params);
    if (!reply.table) throw new Error(reply.error ?? 'sheet worker failed');
    return reply.table;
  } finally {
    void worker.terminate();
  }
}
