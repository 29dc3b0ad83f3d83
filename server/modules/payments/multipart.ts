import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, validation } from '../../lib/errors';

/**
 * Reads a multipart form with text fields and at most one image file named `fileField`;
 * validates the fields with `schema`. Anything that is not multipart is a 415.
 */
export async function readForm<S extends z.ZodType>(req: FastifyRequest, schema: S, fileField: string): Promise<{ fields: z.infer<S>; file: Buffer | null }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, { type: req.headers['content-type'] ?? '' });
  const raw: Record<string, string> = {};
  let file: Buffer | null = null;
  for await (const part of req.parts({ limits: { fileSize: 8 * 1024 * 1024, files: 1, fields: 20, fieldSize: 4000 } })) {
    if (part.type === 'file') {
      const buf = await part.toBuffer();
      if (part.fieldname !== fileField) throw validation([{ path: part.fieldname, message: `unexpected file; send the image as "${fileField}"` }]);
      file = buf;
    } else raw[part.fieldname] = String(part.value);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validation(parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
  return { fields: parsed.data, file: file && file.length > 0 ? file : null };
}
