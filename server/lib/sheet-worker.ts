import { parentPort } from 'node:worker_threads';
import { AppError } from './errors';
import { readTable, type ReadOptions } from './sheet-reader';

/**
 * The worker side of `readTableOffThread` (sheet-pool.ts): parses one workbook per message, so a
 * 60,000-row file (tens of seconds in exceljs) never stalls the server's event loop.
 */
parentPort?.on('message', (m: { buf: Uint8Array; opts: ReadOptions }) => {
  readTable(Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength), m.opts).then(
    (table) => parentPort!.postMessage({ table }),
    (e: unknown) => parentPort!.postMessage(e instanceof AppError ? { appError: { code: e.code, status: e.status, params: e.params } } : { error: e instanceof Error ? e.message : String(e) }),
  );
});
