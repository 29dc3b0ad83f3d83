import { createDeflateRaw } from 'node:zlib';

/** Test helpers: hand-built .xlsx files (a zip bomb among them), no library involved. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer, prev = 0): number {
  let c = (prev ^ 0xffffffff) >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Entry { name: string; deflated: Buffer; size: number; crc: number; declaredSize?: number }

/** Deflates `head` + `chunk` × `times` + `tail` as a stream: the whole text is never in memory. */
async function deflateRepeated(head: string, chunk: Buffer, times: number, tail: string): Promise<{ deflated: Buffer; size: number; crc: number }> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((r) => z.on('end', r));
  const h = Buffer.from(head), tl = Buffer.from(tail);
  let crc = crc32(h);
  z.write(h);
  for (let i = 0; i < times; i++) {
    crc = crc32(chunk, crc);
    if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  }
  crc = crc32(tl, crc);
  z.end(tl);
  await done;
  return { deflated: Buffer.concat(out), size: h.length + chunk.length * times + tl.length, crc };
}
const plain = async (name: string, text: string): Promise<Entry> => {
  const r = await deflateRepeated(text, Buffer.alloc(0), 0, '');
  return { name, ...r };
};

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.size;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(e.crc, 14); lh.writeUInt32LE(e.deflated.length, 18); lh.writeUInt32LE(size, 22); lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, e.deflated);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(e.crc, 16); ch.writeUInt32LE(e.deflated.length, 20); ch.writeUInt32LE(size, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WB_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/**
 * An .xlsx whose one sheet inflates to about `mb` MB of rows (`A1` = WATER-550, 1): a zip bomb
 * of a few hundred KB. `lie`: the zip headers declare 1 MB instead of the real size.
 */
export async function zipBombXlsx(opts: { mb: number; lie?: boolean; dimension?: string }): Promise<Buffer> {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>WATER-550</t></is></c><c><v>1</v></c></row>'.repeat(1000));
  const times = Math.ceil((opts.mb * 1024 * 1024) / row.length);
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${opts.dimension ? `<dimension ref="${opts.dimension}"/>` : ''}<sheetData>`;
  const sheet = await deflateRepeated(head, row, times, '</sheetData></worksheet>');
  return zip([
    await plain('[Content_Types].xml', CT),
    await plain('_rels/.rels', RELS),
    await plain('xl/workbook.xml', WB),
    await plain('xl/_rels/workbook.xml.rels', WB_RELS),
    { name: 'xl/worksheets/sheet1.xml', ...sheet, ...(opts.lie ? { declaredSize: 1024 * 1024 } : {}) },
  ]);
}
