import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { assertImagePixels, MAX_IMAGE_PIXELS } from '../../lib/uploads';
import { loadConfig } from '../../config';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import './tables';
import './messages';

/**
 * Product images. Uploads are checked by content (magic bytes, then decoded by sharp), never by
 * file name, and always re-encoded to WebP (a large and a thumbnail size): that strips EXIF/GPS
 * and anything smuggled in the file. Files are named by a hash of the upload, so a URL never
 * changes content and is served with a one-year immutable cache header. A file written before
 * a failed database commit is only an unreferenced file (same name next time), never a broken row.
 */
export interface ImageStore {
  put(name: string, data: Buffer): Promise<void>;
  get(name: string): Promise<Buffer | null>;
}

/** Images in a folder (ORDO_DATA_DIR/images). An S3-compatible store is the scale-out path. */
export class LocalImageStore implements ImageStore {
  constructor(private readonly dir: string) {}
  private file(name: string) {
    if (!/^[0-9a-f]{32}(_t)?\.webp$/.test(name)) throw new Error(`bad image name ${name}`);
    return path.join(this.dir, name.slice(0, 2), name);
  }
  async put(name: string, data: Buffer) {
    const f = this.file(name);
    await fs.mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${process.pid}.tmp`;
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, f);
  }
  async get(name: string) {
    try {
      return await fs.readFile(this.file(name));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return null;
      throw e;
    }
  }
}

let store: ImageStore | null = null;
/** The store in use: set by the module at start from the configured data folder. */
export function imageStore(): ImageStore {
  return (store ??= new LocalImageStore(path.join(loadConfig().dataDir, 'images')));
}
export function setImageStore(s: ImageStore) {
  store = s;
}

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES = 12;
export interface StoredImage { id: string; w: number; h: number }

export const imageView = (i: StoredImage) => ({ id: i.id, url: `/api/catalog/images/${i.id}`, thumbUrl: `/api/catalog/images/${i.id}?size=thumb`, width: i.w, height: i.h });

function looksLikeImage(b: Buffer): boolean {
  if (b.length < 12) return false;
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const png = b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const webp = b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
  return jpeg || png || webp;
}

/** Checks, re-encodes and stores an image; returns its id and size. */
export async function storeImage(buf: Buffer): Promise<StoredImage> {
  if (buf.length > MAX_IMAGE_BYTES) throw new AppError('IMAGE_TOO_LARGE', 413, { mb: MAX_IMAGE_BYTES / 1024 / 1024 });
  if (!looksLikeImage(buf)) throw new AppError('IMAGE_NOT_ALLOWED', 415);
  await assertImagePixels(buf);
  let main: { data: Buffer; info: { width: number; height: number } };
  let thumb: Buffer;
  try {
    const img = sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await img.metadata();
    if (!['jpeg', 'png', 'webp'].includes(meta.format ?? '')) throw new Error('format');
    main = await sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().resize({ width: 1200, height: 1200, fit: 'inside', withoutEnlargement: true }).webp({ quality: 82 }).toBuffer({ resolveWithObject: true });
    thumb = await sharp(main.data).resize({ width: 360, height: 360, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
  } catch {
    throw new AppError('IMAGE_NOT_ALLOWED', 415);
  }
  const id = createHash('sha256').update(buf).digest('hex').slice(0, 32);
  await imageStore().put(`${id}.webp`, main.data);
  await imageStore().put(`${id}_t.webp`, thumb);
  return { id, w: main.info.width, h: main.info.height };
}

export async function readImage(id: string, size: 'main' | 'thumb'): Promise<Buffer | null> {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  return imageStore().get(size === 'thumb' ? `${id}_t.webp` : `${id}.webp`);
}

export const imagesOf = (v: unknown): StoredImage[] => (Array.isArray(v) ? (v as StoredImage[]) : []);

/** Adds an uploaded image to a product (the same picture twice is kept once). */
export async function addProductImage(db: Kysely<DB>, actor: Actor, productId: number, buf: Buffer) {
  const p = await db.selectFrom('products').select(['id', 'images']).where('id', '=', productId).executeTakeFirst();
  if (!p) throw notFound('商品 / product');
  if (imagesOf(p.images).length >= MAX_IMAGES) throw new AppError('IMAGE_LIMIT', 422, { max: MAX_IMAGES });
  const img = await storeImage(buf);
  await db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('products').select('images').where('id', '=', productId).forUpdate().executeTakeFirstOrThrow();
    const list = imagesOf(cur.images);
    if (list.some((i) => i.id === img.id)) return;
    if (list.length >= MAX_IMAGES) throw new AppError('IMAGE_LIMIT', 422, { max: MAX_IMAGES });
    await trx.updateTable('products').set({ images: JSON.stringify([...list, img]), updated_at: new Date() }).where('id', '=', productId).execute();
    await audit(trx, actor, { action: 'product.image.add', entityType: 'product', entityId: productId, after: img });
  });
  return imageView(img);
}
