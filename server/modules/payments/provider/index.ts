import { AppError } from '../../../lib/errors';
import { sandboxProvider } from './sandbox';
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

/** The provider new online payments use (the sandbox until a real one is configured). */
export const defaultProvider = () => providerOf(process.env.ORDO_PAYMENT_PROVIDER ?? 'sandbox');
export type { PaymentProvider, ProviderNotice } from './types';
