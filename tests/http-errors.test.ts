import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createCenterServer } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * GraphQL-over-HTTP mistakes are the client's: 400 (or 413 for a body over 1 MB), never a 500,
 * at the gateway, at a subgraph's own server and at /hooks.
 */
let t: TestGraph;
let subgraph: Server;
let subgraphUrl: string;

beforeAll(async () => {
  t = await startTestGraph();
  subgraph = createCenterServer(t.graph.host!.center('shops'), t.graph.host!.database);
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => subgraph?.close(() => resolve()));
  await t?.stop();
});

const TWO_ANONYMOUS = '{ shops(first: 1) { totalCount } } { shops(first: 2) { totalCount } }';
const TWO_NAMED = 'query A { shops(first: 1) { totalCount } } query B { shops(first: 2) { totalCount } }';

/** Raw bodies (not always JSON objects) and the status each must get. */
const CASES: { what: string; body: string; status: number }[] = [
  { what: 'an unknown operationName', body: JSON.stringify({ query: TWO_NAMED, operationName: 'C' }), status: 400 },
  {
    what: 'an operationName for a document with one anonymous operation',
    body: JSON.stringify({ query: '{ shops(first: 1) { totalCount } }', operationName: 'A' }),
    status: 400,
  },
  { what: 'two anonymous operations', body: JSON.stringify({ query: TWO_ANONYMOUS }), status: 400 },
  { what: 'two named operations without operationName', body: JSON.stringify({ query: TWO_NAMED }), status: 400 },
  {
    what: 'variables sent as a string',
    body: JSON.stringify({ query: 'query($n: Int!) { shops(first: $n) { totalCount } }', variables: '{"n": 1}' }),
    status: 400,
  },
  { what: 'variables sent as an array', body: JSON.stringify({ query: 'query($n: Int!) { shops(first: $n) { totalCount } }', variables: [1] }), status: 400 },
  { what: 'a query that is not a string', body: JSON.stringify({ query: 42 }), status: 400 },
  { what: 'no query', body: JSON.stringify({ variables: {} }), status: 400 },
  { what: 'an operationName that is not a string', body: JSON.stringify({ query: TWO_NAMED, operationName: 7 }), status: 400 },
  { what: 'a body that is not JSON', body: '{"query": ', status: 400 },
  { what: 'a JSON body that is not an object', body: '[{"query": "{ __typename }"}]', status: 400 },
  { what: 'a body over 1 MB', body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } }), status: 413 },
];

async function post(url: string, body: string, token: string | null): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: response.status, body: parsed };
}

describe.each([
  ['the gateway', () => t.graph.url],
  ['a subgraph server', () => subgraphUrl],
])('client mistakes at %s', (_where, url) => {
  it.each(CASES)('$what: $status', async ({ body, status }) => {
    const response = await post(url(), body, t.tokens.admin);
    expect([response.status, JSON.stringify(response.body).includes('INTERNAL_SERVER_ERROR')]).toEqual([status, false]);
  });

  it('a well-formed request with an operationName picks that operation', async () => {
    const response = await post(url(), JSON.stringify({ query: TWO_NAMED, operationName: 'B' }), t.tokens.admin);
    expect(response.status).toBe(200);
    expect(response.body.data.shops.totalCount).toBeGreaterThan(0);
  });
});

describe('/hooks', () => {
  it('a callback body over 1 MB is refused with 413, at the gateway and at the center server', async () => {
    for (const origin of [new URL(t.graph.url).origin, new URL(subgraphUrl).origin]) {
      const center = origin === new URL(subgraphUrl).origin ? 'shops' : 'payments';
      const response = await post(`${origin}/hooks/${center}/sandbox/callback`, 'x'.repeat(1_100_000), null);
      expect(response.status).toBe(413);
    }
  });
});
