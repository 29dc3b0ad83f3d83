import { inflateRawSync } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import sharp, { type Metadata } from 'sharp';
import { AppError } from './errors';
import { registerMessages } from './i18n';

/**
 * The one way a route reads an upload (issue 22): not multipart → 415, a malformed body → 400
 * MULTIPART_MALFORMED (never a 500), over a limit → 413, and a spreadsheet is checked
 * (uncompressed size, entry count, sheet dimensions) before any workbook library opens it.
 */

registerMessages({
  MULTIPART_MALFORMED: { zh: '上传内容格式错误，无法解析，请重新选择文件上传', en: 'The upload is malformed (the multipart body cannot be read); choose the file and upload it again' },
  UPLOAD_TOO_MANY_PARTS: { zh: '上传的文件或字段过多', en: 'The upload has too many files or fields' },
  SPREADSHEET_TOO_LARGE: {
    zh: '表格解压后过大或内容过多（{reason}），请拆分成较小的文件',
    en: 'The spreadsheet is too large once unpacked ({reason}); split it into smaller files',
  },
  SPREADSHEET_CORRUPT: { zh: '表格文件已损坏，无法读取', en: 'The spreadsheet file is damaged and cannot be read' },
  IMAGE_TOO_MANY_PIXELS: { zh: '图片像素过多（最多 {megapixels} 百万像素），请缩小后再上传', en: 'The image has too many pixels (at most {megapixels} megapixels); make it smaller' },
});

export interface SpreadsheetLimits {
  /** Sum of the declared (and actual) uncompressed sizes of every entry. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** From each worksheet's <dimension ref="A1:Z9999"> when present. */
  maxRows: number;
  maxColumns: number;
}
export const SPREADSHEET_LIMITS: SpreadsheetLimits = { maxUncompressedBytes: 64 * 1024 * 1024, maxEntries: 500, maxRows: 200_000, maxColumns: 200 };

export interface UploadOptions {
  /** The multipart field the file must come in. */
  field: string;
  maxBytes: number;
  /** 'spreadsheet': an .xlsx (zip) is checked with `spreadsheet` limits before it is returned. */
  kind?: 'image' | 'spreadsheet' | 'any';
  spreadsheet?: Partial<SpreadsheetLimits>;
  /** Text fields allowed alongside the file (count and size). */
  maxFields?: number;
  maxFieldBytes?: number;
}
export interface Upload {
  fields: Record<string, string>;
  file: { buffer: Buffer; filename: string; mime: string } | null;
}

const LIMIT_CODES: Record<string, [number, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_PARTS_LIMIT: [413, 'UPLOAD_TOO_MANY_PARTS'],
  FST_FILES_LIMIT: [413, 'UPLOAD_TOO_MANY_PARTS'],
  FST_FIELDS_LIMIT: [413, 'UPLOAD_TOO_MANY_PARTS'],
};

/** Maps what the multipart parser throws to a 4xx; our own AppErrors pass through. */
export function uploadError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string })?.code ?? '';
  const known = LIMIT_CODES[code];
  if (known) return new AppError(known[1], known[0]);
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { type: '' });
  return new AppError('MULTIPART_MALFORMED', 400);
}

/**
 * Reads a multipart request: text fields, and at most one file in `opts.field` (another file
 * field is a 400). Returns `file: null` when no file was sent (the route says what it needed);
 * an empty file is returned as such.
 */
export async function readUpload(req: FastifyRequest, opts: UploadOptions): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { type: req.headers['content-type'] ?? '' });
  const fields: Record<string, string> = {};
  let file: Upload['file'] = null;
  let stray: string | null = null;
  try {
    const parts = req.parts({ limits: { fileSize: opts.maxBytes, files: 1, fields: opts.maxFields ?? 20, fieldSize: opts.maxFieldBytes ?? 4000, parts: (opts.maxFields ?? 20) + 1 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        // read to the end first: a malformed body must say so, not "wrong field"
        if (part.fieldname !== opts.field) stray = part.fieldname;
        else file = { buffer, filename: part.filename, mime: part.mimetype };
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (e) {
    throw uploadError(e);
  }
  if (stray) throw new AppError('VALIDATION', 400, {}, [{ path: `body.${stray}`, message: `unexpected file; send it as "${opts.field}"` }]);
  if (file && opts.kind === 'spreadsheet' && isZip(file.buffer)) assertSafeWorkbook(file.buffer, { ...SPREADSHEET_LIMITS, ...opts.spreadsheet });
  return { fields, file };
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * The zip central directory, read from the end of the buffer (no inflation). Null when there is
 * no end-of-directory record: not a zip any reader can open, so the caller's parser says so.
 */
function centralDirectory(buf: Buffer, maxEntries: number): ZipEntry[] | null {
  const corrupt = () => new AppError('SPREADSHEET_CORRUPT', 400);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new AppError('SPREADSHEET_TOO_LARGE', 413, { reason: 'zip64' });
  if (count > maxEntries) throw new AppError('SPREADSHEET_TOO_LARGE', 413, { reason: `${count} entries > ${maxEntries}` });
  if (cdOffset + cdSize > buf.length) throw corrupt();
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    out.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Inflates one entry, never beyond `limit` bytes (a lying size header stops here). */
function inflateEntry(buf: Buffer, e: ZipEntry, limit: number): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new AppError('SPREADSHEET_CORRUPT', 400);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new AppError('SPREADSHEET_CORRUPT', 400);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('SPREADSHEET_TOO_LARGE', 413, { reason: 'an entry inflates beyond its declared size' });
    throw new AppError('SPREADSHEET_CORRUPT', 400);
  }
}

const colNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);

/**
 * Refuses a zip bomb before exceljs sees it: too many entries or too many declared
 * uncompressed bytes fail at once from the central directory; then each entry is inflated with
 * its declared size as a hard cap (so a lying header cannot inflate further), and worksheet
 * dimensions are checked. Throws 413 SPREADSHEET_TOO_LARGE or 400 SPREADSHEET_CORRUPT.
 */
export function assertSafeWorkbook(buf: Buffer, limits: SpreadsheetLimits = SPREADSHEET_LIMITS): void {
  const entries = centralDirectory(buf, limits.maxEntries);
  if (!entries) return;
  const declared = entries.reduce((n, e) => n + e.size, 0);
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  if (declared > limits.maxUncompressedBytes) throw new AppError('SPREADSHEET_TOO_LARGE', 413, { reason: `${mb(declared)} > ${mb(limits.maxUncompressedBytes)}` });
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const data = inflateEntry(buf, e, e.size);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      const m = /<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/.exec(data.toString('utf8', 0, Math.min(data.length, 4096)));
      if (m) {
        const rows = Number(m[4] ?? m[2]), cols = colNumber(m[3] ?? m[1]!);
        if (rows > limits.maxRows || cols > limits.maxColumns) {
          throw new AppError('SPREADSHEET_TOO_LARGE', 413, { reason: `${rows} rows × ${cols} columns > ${limits.maxRows} × ${limits.maxColumns}` });
        }
      }
    }
  }
}

/** The most pixels an uploaded image may have before it is decoded (sharp limitInputPixels). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** sharp for an uploaded image: decoding stops at MAX_IMAGE_PIXELS. */
export const uploadedImage = (buf: Buffer) => sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });

/** Refuses an image whose header declares more than MAX_IMAGE_PIXELS (read without decoding). */
export async function assertImagePixels(buf: Buffer): Promise<void> {
  let meta: Metadata;
  try {
    meta = await sharp(buf).metadata();
  } catch {
    return; // not an image: the caller's own check says so in its words
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) throw new AppError('IMAGE_TOO_MANY_PIXELS', 413, { megapixels: MAX_IMAGE_PIXELS / 1_000_000 });
}
