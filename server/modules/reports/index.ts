import type { OrdoModule } from '../../lib/module';
import { reportRoutes } from './routes';

/** Reports: dashboards and sales analysis over orders (read only). */
export const reportsModule: OrdoModule = { name: 'reports', routes: reportRoutes };
