/**
 * Who did something, as order history and stock ledger rows store it: "name (role)", or 'system'
 * for the worker and automatic steps. Written by actorLabel(), read back by splitActorLabel() so
 * the UI names the role in the viewer's language (roles.<role>) instead of showing the code.
 */
export const SYSTEM_ACTOR = 'system';

/** The stored label of an actor (null = the system). */
export function actorLabel(actor: { name: string; role: string } | null | undefined): string {
  return actor ? `${actor.name} (${actor.role})` : SYSTEM_ACTOR;
}

/** A stored label split into the person's name and role code; the system is role 'system'. */
export function splitActorLabel(label: string | null): { actorName: string | null; actorRole: string | null } {
  if (label == null) return { actorName: null, actorRole: null };
  if (label === SYSTEM_ACTOR) return { actorName: null, actorRole: SYSTEM_ACTOR };
  const m = /^(.*\S)\s*\(([a-z_]+)\)$/.exec(label);
  return m ? { actorName: m[1], actorRole: m[2] } : { actorName: label, actorRole: null };
}
