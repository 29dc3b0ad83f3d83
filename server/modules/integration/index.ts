import type { OrdoModule } from '../../lib/module';
import { integrationRoutes } from './routes';
import { webhookHandler } from './webhooks';

/** Integration: outgoing signed webhooks for every outbox event (API tokens live in auth). */
export const integrationModule: OrdoModule = { name: 'integration', routes: integrationRoutes, outboxHandlers: () => [webhookHandler()] };
