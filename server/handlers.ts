import type { ModuleContext } from './lib/module';
import { modules } from './modules';
import type { OutboxHandler } from './modules/platform/outbox';

/** Every module's outbox consumers. */
export const allHandlers = (ctx: ModuleContext): OutboxHandler[] => modules.flatMap((m) => m.outboxHandlers?.(ctx) ?? []);
