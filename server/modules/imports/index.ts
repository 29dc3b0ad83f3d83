import type { OrdoModule } from '../../lib/module';
import { importRoutes } from './routes';
import { pruneImportJobs } from './retention';

/**
 * Imports (issue 19): templates, dry runs, chunked imports with progress and result files, and
 * exports in the same templates, for categories, brands, products and SKUs, customers, price
 * lists and opening stock. It owns only its job table: every row is written through the owning
 * module's bulk functions (catalog/bulk, customers/bulk, pricing/bulk, inventory/bulk).
 */
export const importsModule: OrdoModule = {
  name: 'imports',
  routes: importRoutes,
  jobs: ({ database }) => [{ name: 'imports.retention', everyMs: 6 * 60 * 60_000, run: () => pruneImportJobs(database.db) }],
};
