import type { Config } from './config';
import { loadSecretKey, SecretKeyError } from './lib/secret-key';
import { configureProviders, ProviderConfigError } from './modules/payments';

/**
 * Registers WeChat Pay / Alipay when their ORDO_* variables are set. A partial or unknown
 * configuration ends the process with a message naming the variable (never its value): better
 * than starting and failing the first buyer who pays.
 */
export function configurePaymentsOrExit(config: Config): void {
  try {
    configureProviders(process.env, config.publicUrl, config.sandboxPayments);
  } catch (e) {
    if (!(e instanceof ProviderConfigError)) throw e;
    console.error(`Online payment configuration: ${e.message}`);
    process.exit(1);
  }
}

/** Start-up lines that must not be missed: what is unsafe about this configuration. */
export function startupWarnings(config: Config): string[] {
  const out: string[] = [];
  if (config.sandboxPayments && !config.demo) {
    out.push('!!! ORDO_SANDBOX_PAYMENTS=1: the SANDBOX payment provider is ON outside demo mode. Anyone holding a pay link can mark an order paid without paying. Never in production. !!!');
  }
  if (config.demo) out.push('Demo mode (ORDO_DEMO): demo logins with a published password and the sandbox payment provider are on. Not for production: set ORDO_DEMO=0 (the default with DATABASE_URL or NODE_ENV=production).');
  return out;
}

/**
 * Loads the server's secret key into the configuration (ORDO_SECRET_KEY, or outside production
 * the data folder's generated one). In production without it, ends the process with a message
 * naming the variable — never its value.
 */
export function loadSecretKeyOrExit(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  try {
    const { key, source } = loadSecretKey(env, config.dataDir);
    config.secretKey = key;
    return source;
  } catch (e) {
    if (!(e instanceof SecretKeyError)) throw e;
    console.error(`Secret key: ${e.message}`);
    process.exit(1);
  }
}
