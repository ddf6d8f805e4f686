import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Replicas } from '@zhongtai/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReplicas, subgraphReadiness } from '../src/index.ts';

/** Stand-ins for subgraph processes: their /ready answers `status`; a closed port is a dead process. */
describe("the cluster gateway's /ready names who is down", () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  const subgraph = async (status: number) => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/ready' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  };
  const dead = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => server.close(resolve));
    return url;
  };

  it('a center with no replica ready makes it not ready and is named; a replica down beside a live one is named only', async () => {
    const shops = await subgraph(200);
    const ordersUp = await subgraph(200);
    const ordersDown = await dead();
    const payments = await subgraph(503); // draining
    const replicas = new Map([
      ['shops', new Replicas([shops])],
      ['orders', new Replicas([ordersUp, ordersDown])],
      ['payments', new Replicas([payments])],
    ]);
    expect(await subgraphReadiness(replicas)).toEqual({ ready: false, down: ['payments'], replicasDown: [ordersDown] });
    replicas.delete('payments');
    expect(await subgraphReadiness(replicas)).toEqual({ ready: true, replicasDown: [ordersDown] });
  });

  it('--replicas orders=2,payments=3', () => {
    expect(parseReplicas('orders=2,payments=3')).toEqual({ orders: 2, payments: 3 });
    expect(parseReplicas(undefined)).toEqual({});
    expect(() => parseReplicas('orders')).toThrow('--replicas: expected center=N, got orders');
  });
});
