import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * Alipay open platform signing, RSA2 (SHA256withRSA), as Alipay documents it: the parameters
 * sorted by key (ASCII), empty values left out, joined as `key=value` with `&` (raw values, not
 * URL-encoded), signed and base64-encoded. Requests leave out `sign`; asynchronous notifications
 * leave out `sign` and `sign_type`. Synchronous responses are signed over the exact text of their
 * `<method>_response` value.
 */
export type Params = Record<string, string | undefined>;

export function canonicalString(params: Params, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function signText(text: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKey, 'base64');
}

export function verifyText(text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** Our request: every parameter but `sign`. */
export const signRequest = (params: Params, privateKey: KeyObject): string => signText(canonicalString(params, ['sign']), privateKey);
export const verifyRequest = (params: Params, publicKey: KeyObject): boolean =>
  typeof params.sign === 'string' && verifyText(canonicalString(params, ['sign']), params.sign, publicKey);

/** Alipay's asynchronous notification: every parameter but `sign` and `sign_type`. */
export const signNotification = (params: Params, privateKey: KeyObject): string => signText(canonicalString(params, ['sign', 'sign_type']), privateKey);
export const verifyNotification = (params: Params, publicKey: KeyObject): boolean =>
  typeof params.sign === 'string' && verifyText(canonicalString(params, ['sign', 'sign_type']), params.sign, publicKey);

/** The response key of a method: `alipay.trade.precreate` answers under `alipay_trade_precreate_response`. */
export const responseKey = (method: string): string => `${method.replaceAll('.', '_')}_response`;

/**
 * The exact text of the JSON value under `key` in a response body (what Alipay signed): the
 * parsed-then-reserialized object would not do, key order and escapes must be the bytes sent.
 */
export function rawJsonValue(body: string, key: string): string | undefined {
  const marker = `"${key}":`;
  const at = body.indexOf(marker);
  if (at < 0) return undefined;
  let i = at + marker.length;
  while (body[i] === ' ') i++;
  if (body[i] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let j = i; j < body.length; j++) {
    const c = body[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return body.slice(i, j + 1);
  }
  return undefined;
}

/** A key as configured: PEM, or the bare base64 Alipay's console shows (PKCS#8 private, SPKI public). */
export function readPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPrivateKey(trimmed);
  return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

export function readPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

/** Alipay's `timestamp`: `yyyy-MM-dd HH:mm:ss` in China time (UTC+8). */
export function alipayTimestamp(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}
