import { Agent, request } from 'node:http';

/**
 * The gateway's hop to a center process: one POST of JSON, the JSON answer back. Plain
 * node:http over a keep-alive pool, not fetch: fetch (undici's WHATWG layer in Node 20) builds
 * Request, Headers, Response and stream objects per call, and a federated request makes several
 * such calls; the bench profiled it as the gateway's largest single cost after execution.
 * Sockets stay open between requests (LIFO: the warmest is reused) and are never capped: the
 * gateway's own concurrency bounds them.
 */
const agent = new Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 10_000 });

export interface SubgraphAnswer {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
}

/**
 * Sends `body` to `url` and reads the whole answer. Rejects with a `TimeoutError` after
 * `timeoutMs`, with the signal's reason when `signal` aborts (the client went away); either way
 * the socket is destroyed, so the center sees it close and stops its work. A refused connection
 * rejects with the socket's own error (`code: 'ECONNREFUSED'`): nothing was sent.
 */
export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<SubgraphAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    const timer = setTimeout(() => fail(new DOMException(`the subgraph did not answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.once('error', fail);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', fail);
      res.once('end', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(body);
  });
}
