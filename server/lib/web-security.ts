import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { AppError } from './errors';
import { registerMessages } from './i18n';

/**
 * Browser-facing protections (issue 22), in one place:
 * - CSRF: a write (POST/PUT/PATCH/DELETE) under /api/ that carries the session cookie and no
 *   bearer token must come from our own origin: `Sec-Fetch-Site` same-origin (or none), else an
 *   `Origin` equal to ours. A page on another site *or another port of this host* is refused.
 *   Clients that send neither header (curl, scripts) are not browsers and pass.
 * - JSON bodies are JSON: the text/plain parser is removed, so a form posted as text/plain (the
 *   classic CSRF body) is a 415 (uploads stay multipart, provider callbacks keep their own parser).
 * - Headers: CSP without inline script, frame-ancestors 'none', nosniff, Referrer-Policy, and
 *   HSTS when the cookie is Secure (behind HTTPS).
 */

registerMessages({
  CSRF_REFUSED: {
    zh: '请求来自其他网站或页面，已拒绝。请在 Ordo 页面内操作',
    en: 'The request came from another site or page and was refused; use Ordo’s own pages',
  },
});

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origins this server answers as: ORDO_PUBLIC_URL's and the Host the request was sent to. */
function ownOrigins(req: FastifyRequest, publicUrl: string): string[] {
  const out = [new URL(publicUrl).origin];
  const host = req.headers.host;
  if (host) out.push(`${req.protocol}://${host}`);
  return out;
}

/** True when a cookie-authenticated write did not come from our own pages. */
export function isCrossSiteWrite(req: FastifyRequest, cookieName: string, publicUrl: string): boolean {
  if (!WRITES.has(req.method)) return false;
  if (!req.cookies?.[cookieName]) return false;
  if (req.headers.authorization?.startsWith('Bearer ')) return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return !(site === 'same-origin' || site === 'none');
  const origin = req.headers.origin;
  if (typeof origin === 'string') return !ownOrigins(req, publicUrl).includes(origin);
  return false;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd's CSS-in-JS writes <style> elements at run time
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function registerWebSecurity(app: FastifyInstance, config: Config, cookieName: string): void {
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    if (isCrossSiteWrite(req, cookieName, config.publicUrl)) throw new AppError('CSRF_REFUSED', 403);
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // the API docs page (swagger-ui) runs its own inline start-up script
    if (!req.url.startsWith('/docs')) reply.header('content-security-policy', CSP);
    if (config.cookieSecure) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
