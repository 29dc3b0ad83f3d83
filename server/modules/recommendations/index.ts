import type { OrdoModule } from '../../lib/module';
import { reorderModelHandler } from './refresh';
import './tables';

/**
 * Recommendations (issue 18): reorder predictions per customer × SKU (model.ts, measured by
 * `npm run eval:reorder`), kept current by the outbox worker on every received order.
 */
export const recommendationsModule: OrdoModule = {
  name: 'recommendations',
  outboxHandlers: ({ config }) => [reorderModelHandler(() => config.timeZone)],
};
export { refreshPredictions, rebuildAllPredictions } from './refresh';
