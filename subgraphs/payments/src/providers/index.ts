import { alipayProvider } from './alipay/index.ts';
import type { PaymentProvider } from './provider.ts';
import { sandboxProvider } from './sandbox.ts';
import { wechatPayProvider } from './wechatpay/index.ts';

/** The providers this center can take payments through, by name. Each says whether it is enabled (configured) here. */
const PROVIDERS: ReadonlyMap<string, PaymentProvider> = new Map([
  [sandboxProvider.name, sandboxProvider],
  [alipayProvider.name, alipayProvider],
  [wechatPayProvider.name, wechatPayProvider],
]);

export function providerNamed(name: string): PaymentProvider | undefined {
  return PROVIDERS.get(name);
}

export function allProviders(): PaymentProvider[] {
  return [...PROVIDERS.values()];
}
