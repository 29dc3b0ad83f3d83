import { ApiError } from '../../lib/api';

/** An API error as one line for a toast, with the field problems it lists. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const d = Array.isArray(e.details) ? (e.details as { path?: string; message?: string }[]).filter((x) => x.path).map((x) => `${x.path} ${x.message ?? ''}`).join('；') : '';
  return d ? `${e.message}：${d}` : e.message;
}
