import { AppError } from '../../../lib/errors';
import { alipayConfigFromEnv, createAlipay } from './alipay';
import { sandboxProvider } from './sandbox';
import { ProviderConfigError } from './shared';
import { createWechatPay, wechatPayConfigFromEnv } from './wechatpay';
import type { PaymentProvider } from './types';

/** Registered online payment providers; WeChat Pay / Alipay adapters register here too. */
const providers = new Map<string, PaymentProvider>([[sandboxProvider.name, sandboxProvider]]);

export function registerProvider(p: PaymentProvider): void {
  providers.set(p.name, p);
}

export function providerOf(name: string): PaymentProvider {
  const p = providers.get(name);
  if (!p) throw new AppError('PROVIDER_UNKNOWN', 404, { provider: name });
  return p;
}

/**
 * At start-up (API and worker processes): registers each real provider whose ORDO_* variables
 * are all set (see wechatpay.ts / alipay.ts and README "Configuration"). A partial set, an
 * unreadable key, or an ORDO_PAYMENT_PROVIDER that is not registered throws a ProviderConfigError
 * naming the variable (never its value). Returns the names registered.
 */
export function configureProviders(env: NodeJS.ProcessEnv, publicUrl: string): string[] {
  const added: string[] = [];
  const wx = wechatPayConfigFromEnv(env, publicUrl);
  if (wx) added.push(register(createWechatPay(wx)));
  const ali = alipayConfigFromEnv(env);
  if (ali) added.push(register(createAlipay(ali)));
  const wanted = env.ORDO_PAYMENT_PROVIDER ?? 'sandbox';
  if (!providers.has(wanted)) throw new ProviderConfigError('ORDO_PAYMENT_PROVIDER', `names "${wanted}", which is not configured (available: ${[...providers.keys()].join(', ')})`);
  return added;
}
const register = (p: PaymentProvider) => (registerProvider(p), p.name);

/** The provider new online payments use (the sandbox until a real one is configured). */
export const defaultProvider = () => providerOf(process.env.ORDO_PAYMENT_PROVIDER ?? 'sandbox');
export type { PayChannel, PaymentProvider, ProviderNotice } from './types';
