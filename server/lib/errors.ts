import type { Locale, Message } from './i18n';
import { bilingual, t } from './i18n';

/** A field-level problem, returned in `error.details`. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/**
 * The one error type services throw for expected failures. `code` is stable and documented;
 * the HTTP layer renders `{ error: { code, message, details } }` in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }

  render(locale: Locale) {
    return { error: { code: this.code, message: t(this.code, locale, this.params), details: this.details ?? null } };
  }
}

export const badRequest = (code: string, params?: Record<string, unknown>, details?: unknown) =>
  new AppError(code, 400, params, details);
export const validation = (issues: FieldIssue[]) => new AppError('VALIDATION', 400, {}, issues);
/**
 * Not found, also for rows of another company: never reveal that they exist. `entity` names the
 * thing in both languages, "订单 / order" (or `{ zh, en }`); each message shows its own half.
 */
export const notFound = (entity: string | Message) => new AppError('NOT_FOUND', 404, { entity: bilingual(entity) });
export const forbidden = (code = 'FORBIDDEN', params?: Record<string, unknown>) => new AppError(code, 403, params);
export const unauthenticated = (code = 'UNAUTHENTICATED') => new AppError(code, 401);
export const conflict = (code = 'CONFLICT', params?: Record<string, unknown>, details?: unknown) =>
  new AppError(code, 409, params, details);
export const unprocessable = (code: string, params?: Record<string, unknown>, details?: unknown) =>
  new AppError(code, 422, params, details);

/** PostgreSQL unique violation (23505) → a 409 with the given code. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (!constraint || err.constraint === constraint);
}

/** PostgreSQL refused a transaction because it raced another: serialization failure or deadlock. */
export function isTransientConflict(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * Runs a whole transaction again when PostgreSQL aborts it for a race (serialization failure,
 * deadlock), up to `attempts` times. Only for work that is safe to repeat: everything it does is
 * inside the transaction (no calls out, no effects before commit). What still fails is a 409.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientConflict(e)) throw e;
      if (i >= attempts) throw new AppError('CONFLICT', 409);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}

/**
 * A refusal raised by one of Ordo's SQL functions (issue 20: order submission in one call):
 * `raise exception using message = 'ordo:<CODE>', detail = '{"status", "params", "details"}'`.
 * Returns the AppError it stands for, or null for any other error.
 */
export function dbRefusal(e: unknown): AppError | null {
  if (!(e instanceof Error) || !e.message.startsWith('ordo:')) return null;
  const d = JSON.parse((e as Error & { detail?: string }).detail || '{}') as { status?: number; params?: Record<string, unknown>; details?: unknown };
  return new AppError(e.message.slice('ordo:'.length), d.status ?? 500, d.params ?? {}, d.details ?? undefined);
}
