import { loadConfig } from '../../config';
import { analyze, openDatabase } from '../../lib/db';
import { migrate } from '../../lib/migrate';
import { rebuildRollups } from './rollup';

/**
 * npm run reports:rebuild — recomputes the analytics rollups from orders, shipments, after-sales
 * and payments (after a bulk import, a change of ORDO_TIMEZONE, or to check the worker's).
 * One transaction: reports show the old figures until it commits.
 */
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrate(database);
  const r = await rebuildRollups(database.db, config.timeZone, { log: (m) => console.log(`  ${m}`) });
  await analyze(database.db);
  console.log(`Rebuilt the report rollups in ${config.timeZone}: ${r.orders} orders, ${r.facts} fact rows, ${(r.ms / 1000).toFixed(1)} s`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
