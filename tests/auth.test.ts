import { catalogService, createCenterServer, shopsService } from '@zhongtai/kit';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

describe('authentication and roles through the gateway', () => {
  it('no token gives UNAUTHENTICATED', async () => {
    const res = await t.gql('{ spus(first: 5) { nodes { id } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?.spus ?? null).toBeNull();
  });

  it('a forged or expired token is refused with 401 before any subgraph runs', async () => {
    const forged = t.tokens.admin.slice(0, -4) + 'AAAA';
    const res = await t.gql('{ shops(first: 1) { totalCount } }', undefined, forged);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await t.graph.tokens.sign({ role: 'ADMIN', expiresIn: '-1m' });
    expect((await t.gql('{ shops(first: 1) { totalCount } }', undefined, expired)).status).toBe(401);
  });

  it('a CUSTOMER cannot call admin mutations, and nothing is written', async () => {
    const res = await t.gql('mutation { createShop(input: { name: "Customer Shop", contact: { name: "x" } }) { shop { id } } }', undefined, t.tokens.customer);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const check = await t.gql('{ shops(first: 5, filter: { keyword: "Customer Shop" }) { totalCount } }', undefined, t.tokens.admin);
    expect(check.data?.shops.totalCount).toBe(0);
  });

  it('a MERCHANT cannot create categories or shops; an ANALYST cannot write at all', async () => {
    const category = await t.gql('mutation { createCategory(input: { name: "Hack" }) { category { id } } }', undefined, t.tokens.merchantA);
    expect(category.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const analyst = await t.gql('mutation($id: ID!) { updateShop(input: { id: $id, description: "x" }) { shop { id } } }', { id: t.shopA }, t.tokens.analyst);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('SERVICE-only fields are not in the public API', async () => {
    const res = await t.gql('query($ids: [ID!]!) { quoteSkus(ids: $ids) { id } }', { ids: [] }, t.tokens.service);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('SERVICE-only fields called on the subgraph directly', () => {
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const host = t.graph.host!;
    const server = createCenterServer(host.center('catalog'), host.database);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    close = () => server.close();
  });
  afterAll(() => close?.());

  const quote = 'query($ids: [ID!]!) { quoteSkus(ids: $ids) { id price { amount currencyCode } } }';

  it('refuse every other role and anonymous callers', async () => {
    const anonymous = await postGraphQL(url, quote, { ids: [] });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const role of ['admin', 'merchantA', 'analyst', 'customer'] as const) {
      const res = await postGraphQL(url, quote, { ids: [] }, t.tokens[role]);
      expect(res.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
  });

  it('answer the SERVICE role', async () => {
    const skus = await t.gql<{ skus: { nodes: { id: string }[] } }>('{ skus(first: 3) { nodes { id } } }', undefined, t.tokens.admin);
    const ids = skus.data!.skus.nodes.map((n) => n.id);
    const res = await postGraphQL<{ quoteSkus: { id: string }[] }>(url, quote, { ids }, t.tokens.service);
    expect(res.errors).toBeUndefined();
    expect(res.data!.quoteSkus.map((q) => q.id).sort()).toEqual([...ids].sort());
  });

  it('the typed service client runs the declared contracts as SERVICE', async () => {
    const skus = await t.gql<{ skus: { nodes: { id: string; code: string }[] } }>('{ skus(first: 2) { nodes { id code } } }', undefined, t.tokens.admin);
    const client = t.graph.host!.serviceClient('tests');
    const { quoteSkus } = await client.call(catalogService.quoteSkus, { ids: skus.data!.skus.nodes.map((n) => n.id) });
    expect(quoteSkus.map((q) => q.code)).toEqual(skus.data!.skus.nodes.map((n) => n.code));
    expect(quoteSkus[0]!.categoryPath.at(-1)).toBe(quoteSkus[0]!.categoryId);
    const { shopStandings } = await client.call(shopsService.shopStandings, { ids: [t.shopA] });
    expect(shopStandings).toEqual([{ id: t.shopA, status: 'ACTIVE', currencyCode: 'CNY' }]);
  });

  it('refuse entity resolution to anonymous callers', async () => {
    const res = await postGraphQL(url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sku { id code } } }', {
      r: [{ __typename: 'Sku', id: 'sku_01HK153X000000000000000001' }],
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('health, readiness and error masking', () => {
  it('GET /health and GET /ready answer', async () => {
    const base = t.graph.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('errors carry a code and never a stack trace or the subgraph query', async () => {
    const res = await t.gql('{ spu(id: "spu_01HK153X000000000000000001") { id } }', undefined, t.tokens.customer);
    const text = JSON.stringify(res.errors);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(text).not.toMatch(/stacktrace|serviceName|_entities|select /i);
  });
});
