import pino from 'pino';
import { loadConfig } from './config';
import { openDatabase } from './lib/db';
import { migrate } from './lib/migrate';
import { allHandlers, allJobs } from './handlers';
import { startJobs } from './lib/jobs';
import { startWorker } from './modules/platform/outbox';
import { configurePaymentsOrExit } from './startup';

/** A dedicated outbox worker process (needs DATABASE_URL: a PGlite folder has one owner). */
const config = loadConfig();
configurePaymentsOrExit(config);
if (!config.databaseUrl) {
  console.error('The standalone worker needs DATABASE_URL; with embedded PGlite the worker runs inside npm start.');
  process.exit(1);
}
const log = pino({ level: config.logLevel });
const database = await openDatabase({ databaseUrl: config.databaseUrl });
await migrate(database);
const worker = startWorker(database.db, allHandlers({ database, config, kickWorker: () => undefined }), { log });
const jobs = startJobs(allJobs({ database, config, kickWorker: () => undefined }), log);
log.info('outbox worker started');
const stop = async () => {
  await worker.stop();
  await jobs.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
