import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { readPrivateKey, readPublicKey } from './signing.ts';

/**
 * Alipay settings, from the environment when used. The adapter exists only when all are set:
 * ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY or ALIPAY_PRIVATE_KEY_FILE (ours, signs requests),
 * ALIPAY_PUBLIC_KEY or ALIPAY_PUBLIC_KEY_FILE (Alipay's, verifies responses and notifications),
 * ALIPAY_GATEWAY_URL (the real `https://openapi.alipay.com/gateway.do` or a fake). Optional:
 * ALIPAY_NOTIFY_URL (default: this host's /hooks/payments/alipay/callback), ALIPAY_TIMEOUT_MS
 * (5000), ALIPAY_RETRIES (2). Keys never leave this object: nothing here is logged.
 */
export interface AlipayConfig {
  appId: string;
  privateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gatewayUrl: string;
  notifyUrl: string;
  timeoutMs: number;
  retries: number;
}

const cache = new Map<string, AlipayConfig>();

export function loadAlipayConfig(env: NodeJS.ProcessEnv = process.env): AlipayConfig | undefined {
  const appId = env.ALIPAY_APP_ID;
  const privateKeyText = env.ALIPAY_PRIVATE_KEY || (env.ALIPAY_PRIVATE_KEY_FILE ? readFileSync(env.ALIPAY_PRIVATE_KEY_FILE, 'utf8') : '');
  const publicKeyText = env.ALIPAY_PUBLIC_KEY || (env.ALIPAY_PUBLIC_KEY_FILE ? readFileSync(env.ALIPAY_PUBLIC_KEY_FILE, 'utf8') : '');
  const gatewayUrl = env.ALIPAY_GATEWAY_URL;
  if (!appId || !privateKeyText || !publicKeyText || !gatewayUrl) return undefined;
  const notifyUrl = env.ALIPAY_NOTIFY_URL || `http://127.0.0.1:${env.PORT || 4000}/hooks/payments/alipay/callback`;
  const timeoutMs = Number(env.ALIPAY_TIMEOUT_MS ?? 5000);
  const retries = Number(env.ALIPAY_RETRIES ?? 2);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('ALIPAY_TIMEOUT_MS must be a positive integer');
  if (!Number.isInteger(retries) || retries < 0) throw new Error('ALIPAY_RETRIES must be a non-negative integer');
  // Parsing a key costs: cached by what was configured (a test may switch keys and gateway).
  const cacheKey = [appId, privateKeyText, publicKeyText, gatewayUrl, notifyUrl, timeoutMs, retries].join('\u0000');
  let config = cache.get(cacheKey);
  if (!config) {
    let privateKey: KeyObject;
    let alipayPublicKey: KeyObject;
    try {
      privateKey = readPrivateKey(privateKeyText);
      alipayPublicKey = readPublicKey(publicKeyText);
    } catch {
      // The parser's message could quote the key material: say only which setting is wrong.
      throw new Error('ALIPAY_PRIVATE_KEY / ALIPAY_PUBLIC_KEY could not be read as RSA keys (PEM or base64 DER)');
    }
    config = { appId, privateKey, alipayPublicKey, gatewayUrl, notifyUrl, timeoutMs, retries };
    cache.clear();
    cache.set(cacheKey, config);
  }
  return config;
}
