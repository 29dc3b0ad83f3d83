import type { FastifyRequest } from 'fastify';
import { unauthenticated } from './errors';
import type { Actor } from '../modules/auth/actor';
import type { Locale } from './i18n';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'public' routes need no sign-in; everything else does. */
    auth?: 'public';
    /** Permission the caller must hold (see auth/permissions.ts). */
    permission?: string;
    /** Account routes (password, tokens): a signed-in person only, never an API token. */
    sessionOnly?: boolean;
    /** Open to a session held to setting up required two-factor sign-in (the setup itself, me). */
    twoFactorSetup?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authError: string | null;
    locale: Locale;
  }
}

/** The signed-in caller of a protected route (the auth hook has already enforced sign-in). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return { ...req.actor, requestId: req.id, ip: req.ip };
}
