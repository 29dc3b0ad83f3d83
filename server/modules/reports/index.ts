import type { OrdoModule } from '../../lib/module';
import { reportRoutes } from './routes';
import { rebuildRollups, rollupHandler } from './rollup';
import { snapshotJob, takeSnapshots } from './snapshots';
import { weeklyEmailJob } from './weekly';
import './tables';

/**
 * Reports: the dashboard and the analytics (issue 17), read from daily rollups that the outbox
 * worker keeps current on every order, shipment, return and payment event (rollup.ts).
 */
export const reportsModule: OrdoModule = {
  name: 'reports',
  routes: reportRoutes,
  outboxHandlers: ({ config }) => [rollupHandler(() => config.timeZone)],
  jobs: ({ database, config }) => [snapshotJob(database.db, () => config.timeZone), weeklyEmailJob(database.db, () => config.timeZone)],
  // last in the registry: the demo's back-dated history (written by earlier seeds) is rolled up
  seedDemo: async ({ database, timeZone }) => {
    await rebuildRollups(database.db, timeZone);
    await takeSnapshots(database.db, timeZone);
  },
};
export { refreshOrders, rebuildRollups } from './rollup';
export { takeSnapshots } from './snapshots';
export { sendWeeklySummaries } from './weekly';
