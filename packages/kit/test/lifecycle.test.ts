import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverLifecycle } from '../src/http/lifecycle.ts';

/** A server whose /slow answers after `slowMs`, and whose /ready says whether it is draining. */
async function start(slowMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/ready') {
      res.statusCode = serverLifecycle(server).draining ? 503 : 200;
      return res.end();
    }
    setTimeout(() => res.end('done'), slowMs);
  });
  serverLifecycle(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** node:http without keep-alive agents' pooling surprises: one request, its status, body and Connection header. */
function get(url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
    })
      .on('error', reject)
      .end();
  });
}

describe('a server draining on SIGTERM', () => {
  it('answers /ready 503 while still serving through the grace period, finishes requests in flight, then refuses new connections', async () => {
    const { server, url } = await start(300);
    const inFlight = get(`${url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    expect(serverLifecycle(server).requestsInFlight).toBe(1);
    const drained = serverLifecycle(server).drain({ graceMs: 200, timeoutMs: 5000 });
    const ready = await get(`${url}/ready`);
    expect(ready).toEqual({ status: 503, body: '', connection: 'close' });
    expect(await inFlight).toEqual({ status: 200, body: 'done', connection: 'close' });
    expect(await drained).toEqual({ cut: 0 });
    const refused = await get(`${url}/ready`).catch((e: { code?: string }) => e.code);
    expect(refused).toBe('ECONNREFUSED');
  });

  it('cuts what is still running at the deadline, and says how many', async () => {
    const { server, url } = await start(5000);
    const inFlight = get(`${url}/slow`).catch((e: { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect(await serverLifecycle(server).drain({ graceMs: 0, timeoutMs: 200 })).toEqual({ cut: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await inFlight).toBe('ECONNRESET');
  });

  it('a second signal waits for the same drain', async () => {
    const { server } = await start(10);
    const lifecycle = serverLifecycle(server);
    const first = lifecycle.drain({ graceMs: 50, timeoutMs: 100 });
    expect(lifecycle.drain({ graceMs: 0, timeoutMs: 0 })).toBe(first);
    await first;
  });
});
