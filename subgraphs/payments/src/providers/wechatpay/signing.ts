import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay API v3 signatures and encryption, as its "签名生成 / 签名验证 / 证书和回调报文解密"
 * pages document them (node:crypto only):
 * - a request is signed SHA256withRSA with the merchant's private key over
 *   `METHOD\nURL\ntimestamp\nnonce\nbody\n` (URL = path and query, body empty for GET) and sent as
 *   `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`;
 * - answers and notifications are signed by WeChat Pay over `timestamp\nnonce\nbody\n`
 *   (headers Wechatpay-Timestamp, -Nonce, -Signature, -Serial), verified with the platform
 *   certificate's public key;
 * - a notification's `resource` is AEAD_AES_256_GCM with the APIv3 key: base64 of ciphertext
 *   followed by its 16-byte tag, the nonce (12 characters) and associated_data as given;
 * - the JSAPI client's pay parameters are signed over `appId\ntimeStamp\nnonceStr\npackage\n`.
 */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export const lines = (...parts: string[]): string => parts.map((p) => `${p}\n`).join('');

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

export const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** Our Authorization header for one request. */
export function authorization(
  request: { method: string; pathAndQuery: string; body: string },
  merchant: { mchid: string; serialNo: string; privateKey: KeyObject },
  timestamp: number,
  nonceStr: string = nonce(),
): string {
  const signature = signText(lines(request.method, request.pathAndQuery, String(timestamp), nonceStr, request.body), merchant.privateKey);
  return `${AUTH_SCHEME} mchid="${merchant.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`;
}

/** The fake's side: the parts of an Authorization header, undefined when it is not one. */
export function readAuthorization(header: string | null | undefined): AuthorizationParts | undefined {
  if (!header?.startsWith(`${AUTH_SCHEME} `)) return undefined;
  const parts = Object.fromEntries([...header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const { mchid, nonce_str, signature, timestamp, serial_no } = parts;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return undefined;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

export const verifyRequest = (request: { method: string; pathAndQuery: string; body: string }, auth: AuthorizationParts, publicKey: KeyObject): boolean =>
  verifyText(lines(request.method, request.pathAndQuery, auth.timestamp, auth.nonce_str, request.body), auth.signature, publicKey);

/** WeChat Pay's signature headers on an answer or a notification. */
export const TIMESTAMP_HEADER = 'wechatpay-timestamp';
export const NONCE_HEADER = 'wechatpay-nonce';
export const SIGNATURE_HEADER = 'wechatpay-signature';
export const SERIAL_HEADER = 'wechatpay-serial';

/** The fake's side: the headers WeChat Pay puts on a body it sends. */
export function platformHeaders(
  body: string,
  platform: { serial: string; privateKey: KeyObject },
  timestamp: number,
  nonceStr: string = nonce(),
): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [NONCE_HEADER]: nonceStr,
    [SIGNATURE_HEADER]: signText(lines(String(timestamp), nonceStr, body), platform.privateKey),
    [SERIAL_HEADER]: platform.serial,
  };
}

export type PlatformCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'STALE' | 'BAD_SIGNATURE'; problem: string };

/** A body WeChat Pay signed: the serial must be the platform certificate we hold, the timestamp recent. */
export function verifyPlatformSignature(
  body: string,
  headers: Headers,
  platform: { serial: string; publicKey: KeyObject },
  nowSeconds: number,
  toleranceSeconds: number,
): PlatformCheck {
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const nonceStr = headers.get(NONCE_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  const serial = headers.get(SERIAL_HEADER);
  if (!timestamp || !nonceStr || !signature || !serial) return { ok: false, reason: 'MISSING', problem: 'signature headers missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return { ok: false, reason: 'STALE', problem: 'signature timestamp too old or ahead' };
  // A certificate we do not hold (WeChat rotates them) cannot be checked: refused, WeChat delivers again.
  if (serial.toUpperCase() !== platform.serial.toUpperCase())
    return { ok: false, reason: 'BAD_SIGNATURE', problem: `unknown platform serial ${serial.slice(0, 64)}` };
  if (!verifyText(lines(timestamp, nonceStr, body), signature, platform.publicKey)) return { ok: false, reason: 'BAD_SIGNATURE', problem: 'signature bad' };
  return { ok: true };
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  original_type?: string;
  nonce: string;
}

/** undefined when the ciphertext, nonce or associated data were changed (the tag does not match) or it is not AEAD_AES_256_GCM. */
export function decryptResource(resource: EncryptedResource, apiV3Key: Buffer): string | undefined {
  if (resource.algorithm !== 'AEAD_AES_256_GCM' || typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string') return undefined;
  try {
    const sealed = Buffer.from(resource.ciphertext, 'base64');
    if (sealed.length < 17) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The fake's side: a resource as WeChat Pay encrypts it. */
export function encryptResource(plaintext: string, apiV3Key: Buffer, originalType: string, associatedData: string): EncryptedResource {
  const nonceStr = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonceStr, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: sealed.toString('base64'),
    associated_data: associatedData,
    original_type: originalType,
    nonce: nonceStr,
  };
}

/** What a JSAPI page passes to WeixinJSBridge `getBrandWCPayRequest` / wx.requestPayment, signed by us. */
export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export function jsapiPayParams(appId: string, prepayId: string, privateKey: KeyObject, timestamp: number, nonceStr: string = nonce()): JsapiPayParams {
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp: String(timestamp),
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: signText(lines(appId, String(timestamp), nonceStr, pkg), privateKey),
  };
}
