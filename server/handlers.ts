import type { ModuleContext, PeriodicJob } from './lib/module';
import { modules } from './modules';
import type { OutboxHandler } from './modules/platform/outbox';

/** Every module's outbox consumers. */
export const allHandlers = (ctx: ModuleContext): OutboxHandler[] => modules.flatMap((m) => m.outboxHandlers?.(ctx) ?? []);

/** Every module's periodic jobs (run where the outbox worker runs). */
export const allJobs = (ctx: ModuleContext): PeriodicJob[] => modules.flatMap((m) => m.jobs?.(ctx) ?? []);
