import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

/**
 * Files a center writes for a caller to download (an analytics export), served by the gateway at
 * `/files/<center>/<name>?expires=<unix s>&signature=<hex>`. The center hands the URL only to a
 * caller allowed to have the file; the URL then proves itself: HMAC-SHA256 with the kit's secret
 * (JWT_SECRET) over the center, the name and the expiry, checked in constant time, refused once
 * expired. A name is a center's id and an extension, nothing else, so no URL reaches outside the
 * center's folder.
 */
export const FILES_PREFIX = '/files/';

const NAME = /^[a-z]{2,4}_[0-9A-Z]{20,40}\.(csv)$/;
const CENTER = /^[a-z]{2,20}$/;
const CONTENT_TYPES: Record<string, string> = { csv: 'text/csv; charset=utf-8' };

/**
 * Where served files live: EXPORTS_DIR, else `<DATA_DIR>/exports` (DATA_DIR default `./.data`),
 * else under the system's temporary folder when DATA_DIR is `memory`. Read from the environment
 * at call time by the center that writes and the gateway that serves, so both name one folder
 * (in a cluster on one machine too; several machines need a shared volume there).
 */
export function filesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EXPORTS_DIR) return resolve(env.EXPORTS_DIR);
  const dataDir = env.DATA_DIR ?? './.data';
  return resolve(dataDir === 'memory' ? join(tmpdir(), 'zhongtai-files') : join(dataDir, 'exports'));
}

/** The path of a center's file, or null for a name that is not one (no traversal, no other folder). */
export function filePath(center: string, name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!CENTER.test(center) || !NAME.test(name)) return null;
  const base = join(filesDir(env), center);
  const path = resolve(base, name);
  return path.startsWith(base + sep) ? path : null;
}

const message = (center: string, name: string, expires: number) => `zhongtai-file:${center}/${name}:${expires}`;
const sign = (secret: string, center: string, name: string, expires: number) =>
  createHmac('sha256', secret)
    .update(message(center, name, expires))
    .digest('hex');

/** The gateway-relative URL of a center's file, valid until `expiresAt`. */
export function signedFileUrl(secret: string, center: string, name: string, expiresAt: Date): string {
  if (!filePath(center, name)) throw new Error(`not a file name: ${center}/${name}`);
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${FILES_PREFIX}${center}/${name}?expires=${expires}&signature=${sign(secret, center, name, expires)}`;
}

export type SignedFileCheck = { ok: true; center: string; name: string } | { ok: false; status: 403 | 404; reason: 'NOT_A_FILE' | 'EXPIRED' | 'BAD_SIGNATURE' };

/** Checks a `/files/...` URL: its name, its expiry against `nowSeconds`, its signature. */
export function verifyFileUrl(secret: string, url: URL, nowSeconds = Math.floor(Date.now() / 1000)): SignedFileCheck {
  const [center = '', name = '', ...rest] = url.pathname.slice(FILES_PREFIX.length).split('/');
  if (!url.pathname.startsWith(FILES_PREFIX) || rest.length || !filePath(center, name)) return { ok: false, status: 404, reason: 'NOT_A_FILE' };
  const expiresText = url.searchParams.get('expires') ?? '';
  const given = url.searchParams.get('signature') ?? '';
  if (!/^\d{1,12}$/.test(expiresText) || !/^[0-9a-f]{64}$/.test(given)) return { ok: false, status: 403, reason: 'BAD_SIGNATURE' };
  const expected = Buffer.from(sign(secret, center, name, Number(expiresText)), 'hex');
  // The signature first: an expiry someone moved is a forgery, not an old link.
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) return { ok: false, status: 403, reason: 'BAD_SIGNATURE' };
  if (Number(expiresText) <= nowSeconds) return { ok: false, status: 403, reason: 'EXPIRED' };
  return { ok: true, center, name };
}

/** Answers GET `/files/...`: the file streamed (never read whole) when the URL is valid; 403 or 404 otherwise. */
export async function sendSignedFile(res: ServerResponse, secret: string, url: URL): Promise<void> {
  const check = verifyFileUrl(secret, url);
  const refuse = (status: number, error: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error }));
  };
  if (!check.ok) return refuse(check.status, check.reason);
  const path = filePath(check.center, check.name);
  if (!path) return refuse(404, 'NOT_A_FILE');
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  if (size === null) return refuse(404, 'NOT_FOUND');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[check.name.slice(check.name.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    'content-length': String(size),
    'content-disposition': `attachment; filename="${check.name}"`,
    'cache-control': 'private, no-store',
  });
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(path);
    stream.on('error', fail);
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}
