import type { OrdoModule } from '../../lib/module';
import type { ModuleContext, RouteApp } from '../../lib/module';
import { erpRoutes, integrationRoutes } from './routes';
import { changeFeedHandler } from './erp-feed';
import { webhookHandler } from './webhooks';
import { pruneErpChanges } from './erp-retention';

/** Integration: outgoing signed webhooks, the ERP sync API and change feed (API tokens live in auth). */
export const integrationModule: OrdoModule = {
  name: 'integration',
  routes: async (app: RouteApp, ctx: ModuleContext) => {
    await integrationRoutes(app, ctx);
    await erpRoutes(app, ctx);
  },
  outboxHandlers: () => [webhookHandler(), changeFeedHandler()],
  jobs: ({ database }) => [{ name: 'integration.erp-changes-retention', everyMs: 6 * 60 * 60_000, run: () => pruneErpChanges(database.db) }],
};
