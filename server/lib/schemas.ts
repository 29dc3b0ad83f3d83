import { z } from 'zod';

/** Shared zod building blocks so every endpoint validates the same way. */
export const id = z.coerce
  .number({ error: 'must be a positive integer id' })
  .int('must be a positive integer id')
  .positive('must be a positive integer id')
  .max(Number.MAX_SAFE_INTEGER, 'id too large');

export const idParams = z.object({ id });

/** A trimmed, non-empty single-line text of at most `max` characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .max(max, `at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), 'contains control characters');

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), 'contains control characters')
    .transform((s) => (s === '' ? null : s))
    .nullish();

/** Money in fen: a non-negative safe integer. */
export const fen = z
  .number({ error: 'must be an integer amount in fen' })
  .int('must be an integer amount in fen (分)')
  .min(0, 'must not be negative')
  .max(1_000_000_000_000, 'amount too large');

/** A positive integer quantity in the base unit. */
export const quantity = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be greater than 0')
  .max(10_000_000, 'quantity too large');

export const MAX_PAGE_SIZE = 100;
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`).default(20),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ok = z.object({ ok: z.literal(true) });

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});

/** Standard error responses to list in route schemas (documents them in OpenAPI). */
export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};

export const timestamp = z.date().or(z.string());
