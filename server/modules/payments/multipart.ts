import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validation } from '../../lib/errors';
import { readUpload } from '../../lib/uploads';

/**
 * Reads a multipart form with text fields and at most one image file named `fileField`;
 * validates the fields with `schema`. Anything that is not multipart is a 415.
 */
export async function readForm<S extends z.ZodType>(req: FastifyRequest, schema: S, fileField: string): Promise<{ fields: z.infer<S>; file: Buffer | null }> {
  const { fields: raw, file } = await readUpload(req, { field: fileField, maxBytes: 8 * 1024 * 1024, kind: 'image' });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validation(parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })));
  return { fields: parsed.data, file: file && file.buffer.length > 0 ? file.buffer : null };
}
