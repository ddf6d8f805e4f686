import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionRefused, Replicas } from '../src/http/replicas.ts';

/** Two live servers answering their own name, and a port nothing listens on. */
describe('replicas: round robin, a refused connection moves on, nothing else does', () => {
  const servers: Server[] = [];
  let a: string;
  let b: string;
  let dead: string;

  const listen = async (name: string) => {
    const server = createServer((_req, res) => res.end(name));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  };

  beforeAll(async () => {
    a = await listen('a');
    b = await listen('b');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
  });

  afterAll(() => servers.forEach((s) => s.close()));

  const ask = (set: Replicas) => set.send(async (url) => (await fetch(url)).text());

  it('takes the replicas in turn', async () => {
    const set = new Replicas([a, b]);
    expect([await ask(set), await ask(set), await ask(set), await ask(set)]).toEqual(['a', 'b', 'a', 'b']);
  });

  it('passes over a replica that refuses, and tries it again only after its down time', async () => {
    let now = 0;
    const set = new Replicas([dead, a, b], 1000, () => now);
    const tried: string[] = [];
    const askLogged = () =>
      set.send(async (url) => {
        tried.push(url === dead ? 'dead' : url === a ? 'a' : 'b');
        return (await fetch(url)).text();
      });
    // The dead one's turn: refused, the next one answers; on its next turns it goes last.
    const answers = [await askLogged(), await askLogged(), await askLogged(), await askLogged()];
    expect(answers).toEqual(['a', 'a', 'b', 'a']);
    expect(tried).toEqual(['dead', 'a', 'a', 'b', 'a']);
    // Past the down time its turn comes round again: refused again, the request still answered.
    now = 1001;
    tried.length = 0;
    expect([await askLogged(), await askLogged(), await askLogged()]).toEqual(['a', 'b', 'a']);
    expect(tried).toEqual(['a', 'b', 'dead', 'a']);
  });

  it('every replica refusing: the refusal is thrown', async () => {
    const set = new Replicas([dead, dead.replace('/graphql', '/other')]);
    const error = await ask(set).catch((e: unknown) => e);
    expect(connectionRefused(error)).toBe(true);
  });

  it('an error after the request was sent is not retried elsewhere (a mutation is never sent twice)', async () => {
    const set = new Replicas([a, b]);
    const tried: string[] = [];
    const error = await set
      .send(async (url) => {
        tried.push(url);
        throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
      })
      .catch((e: Error) => e.message);
    expect(error).toBe('other side closed');
    expect(tried).toEqual([a]);
  });
});
