import { buildApp } from './app';
import { loadConfig } from './config';
import { DataDirInUseError, openDatabase } from './lib/db';
import { migrate } from './lib/migrate';
import { allHandlers, allJobs } from './handlers';
import { startJobs } from './lib/jobs';
import { startWorker } from './modules/platform/outbox';
import { remoteKicker, startLiveBus } from './modules/platform/live-bus';
import { configurePaymentsOrExit, loadSecretKeyOrExit, startupWarnings } from './startup';
import { sealStoredTotpSecrets } from './modules/auth/two-factor';
import { secretBox } from './lib/secret-key';
import { TOTP_PURPOSE } from './modules/auth/keys';
import { shutOutDemoAccounts } from './modules/auth/sessions';
import { ensureSearchDocuments, warmSearch } from './modules/catalog';
import { isEmpty, seedAdminOnly, seedDemo } from './seed';

// Where start-up time goes (issue 20: ready in seconds), printed with the banner.
const phases: [string, number][] = [['load code', performance.now()]];
let mark = performance.now();
const phase = (name: string) => {
  const now = performance.now();
  phases.push([name, now - mark]);
  mark = now;
};
const config = loadConfig();
configurePaymentsOrExit(config);
const keySource = loadSecretKeyOrExit(config);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, readUrl: config.databaseReadUrl }).catch((e: unknown) => {
  if (!(e instanceof DataDirInUseError)) throw e;
  console.error(e.message); // another Ordo (or a backup) has this PGlite folder open
  process.exit(1);
});
phase('open database');
const { applied, functions, version } = await migrate(database);
phase('migrations');
// Two-factor secrets stored in clear by an older version are sealed with the key now.
const sealed = await sealStoredTotpSecrets(database.db, secretBox(config.secretKey!, TOTP_PURPOSE));

let banner: string[] = [];
if (await isEmpty(database)) {
  if (config.demo) {
    const ctx = await seedDemo(database, config.timeZone);
    banner = ['Demo data loaded (华东鲜达食品饮料有限公司). Demo logins:', ...ctx.logins.map((l) => `  ${l.role.padEnd(15)} ${l.login.padEnd(10)} ${l.password}   ${l.note ?? ''}`)];
  } else {
    const admin = await seedAdminOnly(database);
    banner = ['Empty system. Admin login (shown once, change it after signing in):', `  admin  ${admin.login}  ${admin.password}`];
  }
}

if (!config.demo) {
  const n = await shutOutDemoAccounts(database.db);
  if (n) banner.push(`${n} demo accounts (published password) exist: outside demo mode they cannot sign in until an admin resets their password.`);
}
banner.push(`Secret key (two-factor secrets, device cookies): ${keySource}${sealed ? `; ${sealed} stored two-factor secrets encrypted now` : ''}.`);
banner.push(...startupWarnings(config));
phase('seed check');

// After an upgrade that changed how search text is indexed; before serving, outside the app's
// plugin start-up (which has a time limit a large catalog would exceed).
const reindexed = await ensureSearchDocuments(database.db);
if (reindexed) console.log(`Search documents rebuilt for ${reindexed} products (new indexing format).`);
phase('search documents');
// what the first searches would pay for (vocabulary, synonyms, typo words), in the background
void warmSearch(database.read).catch(() => undefined);

let worker: ReturnType<typeof startWorker> | null = null;
let kickRemote: (() => void) | null = null;
// With the worker in another process, a write tells it through the live bus that events wait.
const kickWorker = () => (worker ? worker.kick() : kickRemote?.());
const ctxForHandlers = { database, config, kickWorker };
const app = await buildApp({ config, database, kickWorker });
phase('routes');
const bus = await startLiveBus(database, { redisUrl: config.redisUrl, log: app.log });
if (config.worker === 'inline') worker = startWorker(database.db, allHandlers(ctxForHandlers), { log: app.log });
else kickRemote = remoteKicker(app.log);
const jobs = config.worker === 'inline' ? startJobs(allJobs(ctxForHandlers), app.log) : null;

await app.listen({ port: config.port, host: config.host });
phase('live bus, worker, listen');
const where = config.databaseUrl ? `PostgreSQL server${config.databaseReadUrl ? ' (reports read from the replica of DATABASE_READ_URL)' : ''}` : `embedded PGlite in ${config.dataDir}`;
console.log(
  [
    '',
    `Ordo is running at ${config.publicUrl}  (staff console: ${config.publicUrl}/admin, API docs: ${config.publicUrl}/docs)`,
    `Database: ${where}; migration ${version}${applied.length ? ` (${applied.length} applied now)` : ''}${functions.length ? `, ${functions.length} SQL functions updated` : ''}; live events: ${bus.transport}; outbox worker: ${config.worker === 'inline' ? 'in this process' : 'separate (npm run worker)'}`,
    ...banner,
    `Ready in ${Math.round(performance.now())} ms since the process started: ${phases.map(([n, ms]) => `${n} ${Math.round(ms)}`).join(', ')}`,
    '',
  ].join('\n'),
);

const shutdown = async () => {
  await app.close();
  await worker?.stop();
  await jobs?.stop();
  await bus.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
