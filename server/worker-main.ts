import pino from 'pino';
import { loadConfig } from './config';
import { openDatabase } from './lib/db';
import { migrate } from './lib/migrate';
import { allHandlers, allJobs } from './handlers';
import { startJobs } from './lib/jobs';
import { startWorker } from './modules/platform/outbox';
import { OUTBOX_KICK, startLiveBus } from './modules/platform/live-bus';
import { subscribe } from './lib/live';
import { configurePaymentsOrExit, loadSecretKeyOrExit } from './startup';

/** A dedicated outbox worker process (needs DATABASE_URL: a PGlite folder has one owner). */
const config = loadConfig();
configurePaymentsOrExit(config);
loadSecretKeyOrExit(config);
if (!config.databaseUrl) {
  console.error('The standalone worker needs DATABASE_URL; with embedded PGlite the worker runs inside npm start.');
  process.exit(1);
}
const log = pino({ level: config.logLevel });
const database = await openDatabase({ databaseUrl: config.databaseUrl });
await migrate(database);
// The bus carries what handlers publish (live stock) to the API processes, and their kicks here.
const bus = await startLiveBus(database, { redisUrl: config.redisUrl, log });
const worker = startWorker(database.db, allHandlers({ database, config, kickWorker: () => undefined }), { log });
const unkick = subscribe([OUTBOX_KICK], () => worker.kick());
const jobs = startJobs(allJobs({ database, config, kickWorker: () => undefined }), log);
log.info({ liveTransport: bus.transport }, 'outbox worker started');
const stop = async () => {
  unkick();
  await worker.stop();
  await jobs.stop();
  await bus.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
