import { AppError } from '../../../lib/errors';
import { registerMessages } from '../../../lib/i18n';
import { alipayConfigFromEnv, createAlipay } from './alipay';
import { sandboxProvider } from './sandbox';
import { ProviderConfigError } from './shared';
import { createWechatPay, wechatPayConfigFromEnv } from './wechatpay';
import type { PaymentProvider } from './types';

registerMessages({
  ONLINE_PAYMENT_UNAVAILABLE: { zh: '在线支付未开通，请选择其他付款方式', en: 'Online payment is not set up; choose another payment method' },
});

/** Registered online payment providers; WeChat Pay / Alipay adapters register here too. */
const providers = new Map<string, PaymentProvider>([[sandboxProvider.name, sandboxProvider]]);
/**
 * The sandbox lets anyone holding a pay link mark an order paid: it is registered only in demo
 * mode or with ORDO_SANDBOX_PAYMENTS=1 (config.sandboxPayments). Set at start-up.
 */
let sandboxOn = true;
export function setSandboxEnabled(on: boolean): void {
  sandboxOn = on;
  if (on) providers.set(sandboxProvider.name, sandboxProvider);
  else providers.delete(sandboxProvider.name);
}
export const sandboxEnabled = () => sandboxOn;

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
export function configureProviders(env: NodeJS.ProcessEnv, publicUrl: string, sandbox = true): string[] {
  setSandboxEnabled(sandbox);
  const added: string[] = [];
  const wx = wechatPayConfigFromEnv(env, publicUrl);
  if (wx) added.push(register(createWechatPay(wx)));
  const ali = alipayConfigFromEnv(env);
  if (ali) added.push(register(createAlipay(ali)));
  const wanted = env.ORDO_PAYMENT_PROVIDER;
  if (wanted && !providers.has(wanted)) {
    const hint = wanted === 'sandbox' ? '; the sandbox needs demo mode or ORDO_SANDBOX_PAYMENTS=1' : '';
    throw new ProviderConfigError('ORDO_PAYMENT_PROVIDER', `names "${wanted}", which is not configured (available: ${[...providers.keys()].join(', ') || 'none'}${hint})`);
  }
  return added;
}
const register = (p: PaymentProvider) => (registerProvider(p), p.name);

/**
 * The provider new online payments use: ORDO_PAYMENT_PROVIDER, else the sandbox when it is on,
 * else the first real provider configured (WeChat Pay before Alipay); null when online payment is not available.
 */
export function defaultProviderName(): string | null {
  const wanted = process.env.ORDO_PAYMENT_PROVIDER;
  if (wanted) return providers.has(wanted) ? wanted : null;
  if (providers.has('sandbox')) return 'sandbox';
  return [...providers.keys()][0] ?? null;
}
export function defaultProvider(): PaymentProvider {
  const name = defaultProviderName();
  if (!name) throw new AppError('ONLINE_PAYMENT_UNAVAILABLE', 409);
  return providerOf(name);
}
export type { PayChannel, PaymentProvider, ProviderNotice } from './types';
