import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The end client's address. Behind a load balancer or reverse proxy the socket's peer is the
 * proxy, and the client is in `X-Forwarded-For`; but anyone can send that header, so it is read
 * only when the peer is a proxy this gateway trusts (GATEWAY_TRUSTED_PROXIES, comma-separated
 * addresses; read at call time; default none). The chain is read from the right (the entries the
 * trusted proxies appended) and the first address that is not a trusted proxy is the client.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, env: NodeJS.ProcessEnv = process.env): string | null {
  const peer = normalize(req.socket.remoteAddress ?? '');
  const trusted = trustedProxies(env);
  if (!peer || !trusted.has(peer)) return peer || null;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => normalize(part.trim()))
    .filter((part) => isIP(part) !== 0);
  const client = [...chain].reverse().find((address) => !trusted.has(address));
  return client ?? chain[0] ?? peer;
}

export function trustedProxies(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.GATEWAY_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((part) => normalize(part.trim()))
      .filter(Boolean),
  );
}

/** An IPv4 peer on a dual-stack socket is reported as `::ffff:a.b.c.d`: one spelling for each address. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
