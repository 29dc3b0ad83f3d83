import type { Config } from './config';
import { configureProviders, ProviderConfigError } from './modules/payments';

/**
 * Registers WeChat Pay / Alipay when their ORDO_* variables are set. A partial or unknown
 * configuration ends the process with a message naming the variable (never its value): better
 * than starting and failing the first buyer who pays.
 */
export function configurePaymentsOrExit(config: Config): void {
  try {
    configureProviders(process.env, config.publicUrl);
  } catch (e) {
    if (!(e instanceof ProviderConfigError)) throw e;
    console.error(`Online payment configuration: ${e.message}`);
    process.exit(1);
  }
}
