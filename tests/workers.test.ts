import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { demoShopId } from '@zhongtai/kit';
import { openTestDatabase, waitFor, type TestDatabase } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './support/graph.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER, type BuyableSku } from './support/shopping.ts';
import type { TestGraph } from './support/graph.ts';

const MAIN = fileURLToPath(new URL('../gateway/src/main.ts', import.meta.url));

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, NODE_ENV: 'development', DEMO_ORDERS: '0', RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Pids of the direct children of `pid` (the workers of a primary), from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // The parent pid is the 4th field of stat, after the command in parentheses.
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('pnpm start with WORKERS', () => {
  it('on an embedded PGlite, more than one worker is refused with the reason', async () => {
    const { child, output } = startMain({ WORKERS: '2', DATABASE_URL: '', DATA_DIR: 'memory', PORT: String(await freePort()) });
    expect(await exited(child)).not.toBe(0);
    expect(output()).toContain('WORKERS > 1 needs DATABASE_URL');
  });
});

/**
 * `WORKERS=2 pnpm start` on PostgreSQL: two processes serve the whole graph on one port; one of
 * them prints the dev tokens; an order placed and paid through either goes PAID once (the events
 * and jobs of both workers share the queue); SIGTERM to the primary stops both, cleanly.
 */
describe.runIf(process.env.DATABASE_URL)('pnpm start with WORKERS=2 on PostgreSQL', () => {
  let testDb: TestDatabase;
  let main: { child: ChildProcess; output: () => string };
  let url: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await openTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    main = startMain({ WORKERS: '2', DATABASE_URL: testDb.url!, PORT: String(port), DATABASE_POOL_SIZE: '4', JOBS_POOL_SIZE: '2' });
    await waitFor(async () => (await childrenOf(main.child.pid!)).length === 2 && main.output().includes('"workers":2,'), {
      what: 'two workers ready',
      timeoutMs: 240_000,
      intervalMs: 500,
    });
    for (const [, role, token] of main.output().matchAll(/dev token (\w+): Bearer (\S+)/g)) tokens[role!] = token!;
  }, 300_000);
  afterAll(async () => {
    if (main && main.child.exitCode === null) main.child.kill('SIGKILL');
    await testDb?.drop();
  });

  it('serves the graph from two processes, prints the tokens once, and runs each event once', async () => {
    expect(main.output().match(/dev token ADMIN/g)).toHaveLength(1);
    const workers = await childrenOf(main.child.pid!);
    expect(workers).toHaveLength(2);
    const t = {
      gql: (query: string, variables?: Record<string, unknown>, token?: string | null) => postGraphQL(url, query, variables, token),
      tokens: { admin: tokens.ADMIN! },
    } as unknown as TestGraph;
    const [sku] = (await buyableSkus(t, demoShopId(1), 1)) as [BuyableSku];
    const placed = await postGraphQL<{ placeOrder: { checkout: { paymentId: string }; orders: { id: string }[]; userErrors: unknown[] } }>(
      url,
      PLACE_ORDER,
      { input: { idempotencyKey: 'workers-1', lines: [{ skuId: sku.id, quantity: 1 }], address: ADDRESS } },
      tokens.CUSTOMER,
    );
    expect(placed.data!.placeOrder.userErrors).toEqual([]);
    const orderId = placed.data!.placeOrder.orders[0]!.id;
    const pay = await postGraphQL<{ sandboxPay: { userErrors: unknown[] } }>(
      url,
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { userErrors { code } } }',
      { id: placed.data!.placeOrder.checkout.paymentId },
      tokens.CUSTOMER,
    );
    expect(pay.data!.sandboxPay.userErrors).toEqual([]);
    const history = await waitFor(
      async () => {
        const res = await postGraphQL<{ order: { status: string; statusHistory: { to: string }[] } }>(
          url,
          'query($id: ID!) { order(id: $id) { status statusHistory { to } } }',
          { id: orderId },
          tokens.ADMIN,
        );
        return res.data?.order.status === 'PAID' ? res.data.order.statusHistory : undefined;
      },
      { what: 'the order paid through the event of either worker' },
    );
    expect(history.filter((h) => h.to === 'PAID')).toHaveLength(1);
  });

  it('SIGTERM to the primary stops both workers and the primary, cleanly', async () => {
    const workers = await childrenOf(main.child.pid!);
    main.child.kill('SIGTERM');
    expect(await exited(main.child)).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    expect(main.output().match(/"message":"stopped"/g)).toHaveLength(2);
  });
});
