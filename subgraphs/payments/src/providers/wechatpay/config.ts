import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { numberSetting } from '@zhongtai/kit';
import { readPrivateKey, readPublicKey } from '../alipay/signing.ts';

/**
 * WeChat Pay settings, from the environment when used. The adapter exists only when all of these
 * are set: WECHATPAY_MCHID, WECHATPAY_APPID, WECHATPAY_MERCHANT_SERIAL_NO (our API certificate's
 * serial), WECHATPAY_PRIVATE_KEY[_FILE] (ours, signs requests), WECHATPAY_PLATFORM_CERT[_FILE]
 * (WeChat Pay's platform certificate, PEM: verifies answers and notifications; or
 * WECHATPAY_PLATFORM_PUBLIC_KEY[_FILE] with WECHATPAY_PLATFORM_PUBLIC_KEY_ID, the newer
 * "微信支付公钥" mode), WECHATPAY_APIV3_KEY[_FILE] (32 characters, decrypts notifications) and
 * WECHATPAY_BASE_URL (`https://api.mch.weixin.qq.com`, or a fake). Optional: WECHATPAY_NOTIFY_URL,
 * WECHATPAY_TIMEOUT_MS (5000), WECHATPAY_RETRIES (2). Nothing here is ever logged.
 */
export interface WechatPayConfig {
  mchid: string;
  appid: string;
  merchantSerialNo: string;
  privateKey: KeyObject;
  platform: { serial: string; publicKey: KeyObject };
  apiV3Key: Buffer;
  baseUrl: string;
  notifyUrl: string;
  timeoutMs: number;
  retries: number;
}

const cache = new Map<string, WechatPayConfig>();

/** A secret given inline (NAME) or as a file (NAME_FILE). */
export function secretSetting(env: NodeJS.ProcessEnv, name: string): string {
  const inline = env[name];
  if (inline) return inline;
  const file = env[`${name}_FILE`];
  if (!file) return '';
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${name}_FILE could not be read`);
  }
}

export function loadWechatPayConfig(env: NodeJS.ProcessEnv = process.env): WechatPayConfig | undefined {
  const mchid = env.WECHATPAY_MCHID;
  const appid = env.WECHATPAY_APPID;
  const merchantSerialNo = env.WECHATPAY_MERCHANT_SERIAL_NO;
  const privateKeyText = secretSetting(env, 'WECHATPAY_PRIVATE_KEY');
  const certText = secretSetting(env, 'WECHATPAY_PLATFORM_CERT');
  const publicKeyText = secretSetting(env, 'WECHATPAY_PLATFORM_PUBLIC_KEY');
  const apiV3KeyText = secretSetting(env, 'WECHATPAY_APIV3_KEY').trim();
  const baseUrl = env.WECHATPAY_BASE_URL?.replace(/\/+$/, '');
  if (!mchid || !appid || !merchantSerialNo || !privateKeyText || !(certText || publicKeyText) || !apiV3KeyText || !baseUrl) return undefined;
  const notifyUrl = env.WECHATPAY_NOTIFY_URL || `http://127.0.0.1:${env.PORT || 4000}/hooks/payments/wechatpay/callback`;
  const timeoutMs = numberSetting(env, 'WECHATPAY_TIMEOUT_MS', 5000, 'positive-integer');
  const retries = numberSetting(env, 'WECHATPAY_RETRIES', 2, 'whole');
  const cacheKey = [
    mchid,
    appid,
    merchantSerialNo,
    privateKeyText,
    certText,
    publicKeyText,
    env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID,
    apiV3KeyText,
    baseUrl,
    notifyUrl,
    timeoutMs,
    retries,
  ].join('\u0000');
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  if (Buffer.byteLength(apiV3KeyText, 'utf8') !== 32) throw new Error('WECHATPAY_APIV3_KEY must be 32 characters');
  let privateKey: KeyObject;
  let platform: WechatPayConfig['platform'];
  try {
    privateKey = readPrivateKey(privateKeyText);
  } catch {
    // The parser's message could quote the key: name only the setting.
    throw new Error('WECHATPAY_PRIVATE_KEY could not be read as an RSA private key (PEM)');
  }
  try {
    if (certText) {
      const cert = new X509Certificate(certText.trim());
      platform = { serial: cert.serialNumber.toUpperCase(), publicKey: cert.publicKey };
    } else {
      const id = env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID;
      if (!id) throw new Error('no id');
      platform = { serial: id, publicKey: readPublicKey(publicKeyText) };
    }
  } catch {
    throw new Error('WECHATPAY_PLATFORM_CERT (or WECHATPAY_PLATFORM_PUBLIC_KEY with WECHATPAY_PLATFORM_PUBLIC_KEY_ID) could not be read');
  }
  const config: WechatPayConfig = {
    mchid,
    appid,
    merchantSerialNo,
    privateKey,
    platform,
    apiV3Key: Buffer.from(apiV3KeyText, 'utf8'),
    baseUrl,
    notifyUrl,
    timeoutMs,
    retries,
  };
  cache.clear();
  cache.set(cacheKey, config);
  return config;
}
