import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../lib/db';
import { migrate } from '../lib/migrate';

/**
 * The OpenAPI document exactly as the running app serves it at /docs/json, built from the
 * routes' zod schemas without listening on a port or touching real data: an empty, migrated
 * in-memory PGlite stands in for the database (start-up hooks write a few settings).
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase({});
  await migrate(database);
  const app = await buildApp({ config: loadConfig({}), database, logger: false });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await database.close();
  }
}
