import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { decodeText, normalizeCell, numberText, readSheetFile } from './sheet-reader';

const gbk = (s: string) => {
  // GB18030 encoding through the WHATWG decoder's inverse is not in Node: build the bytes by search
  const out: number[] = [];
  const dec = new TextDecoder('gb18030');
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) { out.push(ch.charCodeAt(0)); continue; }
    let found = false;
    for (let a = 0x81; a <= 0xfe && !found; a++) for (let b = 0x40; b <= 0xfe && !found; b++) {
      if (dec.decode(Uint8Array.from([a, b])) === ch) { out.push(a, b); found = true; }
    }
    if (!found) throw new Error(`no GBK code for ${ch}`);
  }
  return Buffer.from(out);
};

const cellsOf = async (buf: Buffer, o = {}) => (await readSheetFile(buf, o)).rows.map((r) => [r.row, ...r.cells]);

describe('one file reader', () => {
  it('folds full-width ASCII only in ASCII-like cells and trims every kind of blank', () => {
    expect(normalizeCell('　１２３　')).toBe('123');
    expect(normalizeCell('ＡＢ－０１')).toBe('AB-01');
    expect(normalizeCell('可乐（大瓶），冰')).toBe('可乐（大瓶），冰');
    expect(normalizeCell('\u200b12\u00a0')).toBe('12');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(6901234567890)).toBe('6901234567890');
  });

  it('reads the same rows from UTF-8, UTF-8 with BOM, GBK and UTF-16 CSV', async () => {
    const text = '编码,名称,数量\r\nA-1,"可乐, 大瓶",１２\r\n\r\nB-2,矿泉水 ,3,,\r\n';
    const want = [[1, '编码', '名称', '数量'], [2, 'A-1', '可乐, 大瓶', '12'], [4, 'B-2', '矿泉水', '3']];
    expect(await cellsOf(Buffer.from(text))).toEqual(want);
    expect(await cellsOf(Buffer.from('\ufeff' + text))).toEqual(want);
    expect(await cellsOf(gbk(text))).toEqual(want);
    expect(await cellsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(want);
    expect(decodeText(gbk('饮料/饮用水'))).toBe('饮料/饮用水');
    expect(await cellsOf(Buffer.from('编码\t数量\nA-1\t2\n'))).toEqual([[1, '编码', '数量'], [2, 'A-1', '2']]);
  });

  it('reads .xlsx formulas as values, dates, merged cells (first cell or filled) and trailing blanks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品');
    ws.addRow(['名称', '价格', '日期', '']);
    ws.addRow(['可乐', { formula: 'B3*2', result: 7 }, new Date(Date.UTC(2026, 0, 2)), '  ']);
    ws.addRow(['', 3.5]);
    ws.mergeCells('A2:A3');
    ws.addRow([]);
    ws.addRow(['ＸＹ', 0.1 + 0.2]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await cellsOf(buf)).toEqual([[1, '名称', '价格', '日期'], [2, '可乐', '7', '2026-01-02'], [3, '', '3.5'], [5, 'XY', '0.3']]);
    expect((await cellsOf(buf, { fillMerged: true }))[2]).toEqual([3, '可乐', '3.5']);
  });

  it('reads .xls (BIFF8) and HTML-table "xls" exports the same way', async () => {
    const X = await import('@e965/xlsx');
    const ws = X.utils.aoa_to_sheet([['名称', '价格'], ['可乐', 7], [null, 3.5], ['ＸＹ', 0.30000000000000004]]);
    ws['!merges'] = [{ s: { r: 1, c: 0 }, e: { r: 2, c: 0 } }];
    const wb = X.utils.book_new();
    X.utils.book_append_sheet(wb, ws, 'Sheet1');
    const xls = Buffer.from(X.write(wb, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
    expect(await cellsOf(xls)).toEqual([[1, '名称', '价格'], [2, '可乐', '7'], [3, '', '3.5'], [4, 'XY', '0.3']]);
    expect((await cellsOf(xls, { fillMerged: true }))[2]).toEqual([3, '可乐', '3.5']);
    const html = Buffer.from('<html><body><table><tr><td>名称</td><td>价格</td></tr><tr><td>可乐</td><td>7</td></tr></table></body></html>');
    expect(await cellsOf(html)).toEqual([[1, '名称', '价格'], [2, '可乐', '7']]);
  });

  it('refuses binary junk and too many rows with a 400', async () => {
    await expect(readSheetFile(Buffer.from([0, 1, 2, 3, 4]))).rejects.toMatchObject({ code: 'SHEET_UNREADABLE', status: 400 });
    await expect(readSheetFile(Buffer.from('PK\x03\x04broken zip'))).rejects.toMatchObject({ status: 400 });
    await expect(readSheetFile(Buffer.from('a\n1\n2\n3\n4\n'), { maxRows: 2 })).rejects.toMatchObject({ code: 'SHEET_TOO_MANY_ROWS' });
  });
});
