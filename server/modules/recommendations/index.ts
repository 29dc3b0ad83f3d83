import type { OrdoModule } from '../../lib/module';
import { reorderModelHandler } from './refresh';
import { recommendationRoutes } from './routes';
import { seedRecommendationsDemo } from './seed';
import { sendReorderReminders } from './reminders';
import './tables';

/**
 * Recommendations (issue 18): reorder predictions per customer × SKU (model.ts, measured by
 * `npm run eval:reorder`), kept current by the outbox worker on every received order.
 */
export const recommendationsModule: OrdoModule = {
  name: 'recommendations',
  routes: recommendationRoutes,
  seedDemo: seedRecommendationsDemo,
  outboxHandlers: ({ config }) => [reorderModelHandler(() => config.timeZone)],
  jobs: ({ database, config }) => [{ name: 'recommendations.reminders', everyMs: 60 * 60_000, run: () => sendReorderReminders(database.db, config.timeZone) }],
};
export { refreshPredictions, rebuildAllPredictions } from './refresh';
export { sendReorderReminders } from './reminders';
