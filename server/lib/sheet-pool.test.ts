import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { readTableOffThread } from './sheet-pool';
import { readTable } from './sheet-reader';
import { writeTables } from './sheet-writer';

const header = ['SKU编码', '商品名称', '基础价(元)'];
const table = (n: number) => writeTables('xlsx', [{ name: '商品和SKU', header, rows: Array.from({ length: n }, (_, i) => [`SKU-${i}`, `商品 ${i} 号`, (i % 97) + 0.5]) }]);

describe('reading a workbook in a worker thread', () => {
  it('reads what the reader reads, and refuses what it refuses, with the same error', async () => {
    const file = await table(50);
    expect(await readTableOffThread(file, { sheetName: '商品和SKU' }, 0)).toEqual(await readTable(file, { sheetName: '商品和SKU' }));
    const bad = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300_000, 7)]);
    const err = await readTableOffThread(bad, {}, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SHEET_UNREADABLE');
    const many = await readTableOffThread(await table(30), { maxRows: 10 }, 0).catch((e: unknown) => e);
    expect((many as AppError).code).toBe('SHEET_TOO_MANY_ROWS');
  }, 60_000);

  it('keeps the event loop free while a large workbook is parsed', async () => {
    const file = await table(30_000);
    // a 10 ms timer keeps ticking: the largest gap between ticks is the longest stall
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    const t0 = performance.now();
    const read = await readTableOffThread(file, {});
    const took = performance.now() - t0;
    clearInterval(timer);
    expect(read.rows).toHaveLength(30_000);
    // the parse takes seconds; parsed in this thread, the worst gap would be all of it
    expect(took).toBeGreaterThan(3 * worst);
    expect(worst).toBeLessThan(1500);
  }, 120_000);
});
