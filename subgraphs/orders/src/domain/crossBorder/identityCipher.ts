import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { loadCrossBorderConfig } from './config.ts';

/**
 * The buyer's real name and ID number at rest: AES-256-GCM with a random 12-byte nonce per value,
 * stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url). The key is the SHA-256 of
 * BUYER_IDENTITY_KEY with a purpose label, and the digest that finds a person's earlier orders (the
 * annual limit) is an HMAC with another label: a plain hash of an 18-character ID number, whose
 * region and birth date are guessable, could be reversed by trying them all.
 */
const VERSION = 'v1';

function derive(purpose: string, secret = loadCrossBorderConfig().identityKey): Buffer {
  if (!secret) throw new Error('BUYER_IDENTITY_KEY is not set: cross-border identities cannot be sealed or read');
  return createHash('sha256').update(`${purpose}\0${secret}`).digest();
}

export function sealIdentity(plain: string, secret?: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive('encrypt', secret), nonce);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Throws when the value was sealed with another key or altered (the GCM tag does not match). */
export function openIdentity(stored: string, secret?: string): string {
  const [version, nonce, tag, sealed] = stored.split('.');
  if (version !== VERSION || !nonce || !tag || sealed === undefined) throw new Error('not a sealed identity value');
  const decipher = createDecipheriv('aes-256-gcm', derive('encrypt', secret), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}

/** The same ID number always gives the same digest (under one key); nothing gives the number back. */
export const identityDigest = (idNumber: string, secret?: string): string => createHmac('sha256', derive('digest', secret)).update(idNumber).digest('hex');
