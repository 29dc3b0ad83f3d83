import type { OrdoModule } from '../../lib/module';
import { authRoutes } from './routes';
import { seedAuthDemo } from './seed';
import { unlockEmailHandler } from './unlock';
import { authBoxes } from './keys';
import { sweepAuth } from './sweep';

export const authModule: OrdoModule = {
  name: 'auth', routes: authRoutes, seedDemo: seedAuthDemo,
  outboxHandlers: (ctx) => [unlockEmailHandler(ctx, authBoxes(ctx.config).unlock)],
  jobs: ({ database }) => [{ name: 'auth.sweep', everyMs: 60 * 60_000, run: () => sweepAuth(database.db) }],
};
