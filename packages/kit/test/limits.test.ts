import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  actualCost,
  deadline,
  exceedsBytes,
  loadLimits,
  MemoryBuckets,
  requestedCost,
  shapeLimitError,
  shapeRules,
  subgraphLimits,
  tokenLimitError,
} from '../src/limits/index.ts';

const schema = buildSchema(`
  type Query {
    product(id: ID!): Spu
    products(first: Int, after: String, last: Int, before: String): SpuConnection!
    skusByIds(ids: [ID!]!): [Sku]!
    shop: Shop
  }
  type Mutation { rename(id: ID!, name: String!): Spu }
  type Shop { id: ID! name: String }
  type SpuConnection { nodes: [Spu!]! edges: [SpuEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type SpuEdge { cursor: String! node: Spu! }
  type PageInfo { hasNextPage: Boolean! }
  type Spu { id: ID! name: String! skus: [Sku!]! shop: Shop }
  type Sku { id: ID! code: String! spu: Spu! price: Money! }
  type Money { amount: String! }
`);

const limits = loadLimits({});
const cost = (query: string, variables?: Record<string, unknown>) => requestedCost(schema, parse(query), undefined, variables, limits);

describe('requested cost', () => {
  it('counts one point per object, scalars free', () => {
    expect(cost('{ shop { id name } }')).toBe(1);
    expect(cost('{ product(id: "1") { id shop { name } } }')).toBe(2);
  });

  it('multiplies nested lists: page size times the assumed size of a plain list', () => {
    // products (1) + 100 nodes x (1 + 5 skus x (1 + price 1))
    expect(limits.assumedListSize).toBe(5);
    expect(cost('{ products(first: 100) { nodes { skus { price { amount } } } } }')).toBe(1 + 100 * (1 + 5 * 2));
    expect(cost('query($n: Int) { products(first: $n) { edges { node { id } } totalCount } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ products { nodes { id } pageInfo { hasNextPage } } }')).toBe(1 + limits.defaultPageSize + 1);
  });

  it('sizes a list by its list argument (representations, ids)', () => {
    expect(cost('query($ids: [ID!]!) { skusByIds(ids: $ids) { spu { id } } }', { ids: ['a', 'b', 'c'] })).toBe(3 * 2);
  });

  it('grows geometrically with the skus { spu { skus ... } } cycle', () => {
    let inner = 'id';
    for (let i = 0; i < 5; i++) inner = `skus { spu { ${inner} } }`;
    expect(cost(`{ product(id: "1") { ${inner} } }`)).toBeGreaterThan(5 ** 5);
  });

  it('counts fragments and mutations (10 per root field)', () => {
    expect(cost('fragment F on Spu { shop { id } } { product(id: "1") { ...F } }')).toBe(2);
    expect(cost('mutation { rename(id: "1", name: "x") { id } }')).toBe(11);
  });

  it('counts a fragment bomb in linear time, in full', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Spu { shop { id } ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join('\n');
    const started = performance.now();
    const total = cost(`${fragments}\n{ product(id: "1") { ...F0 } }`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(total).toBe(1 + 2 ** levels - 1);
  });

  it('actual cost counts the objects returned', () => {
    expect(actualCost({ products: { nodes: [{ skus: [{ price: {} }, { price: {} }] }, { skus: [] }] } })).toBe(1 + 2 + 2 * 2);
    expect(actualCost({ rename: { id: '1' } }, true)).toBe(11);
    expect(actualCost(null)).toBe(0);
  });

  it('leaves introspection to graphql-js (free here, bounded by its own rule)', () => {
    expect(cost(getIntrospectionQuery())).toBe(0);
    expect(validate(schema, parse(getIntrospectionQuery()), [...shapeRules(limits), ...specifiedRules])).toEqual([]);
  });
});

describe('shape limits', () => {
  it('refuses depth, aliases and directives over the limit with a coded error naming it', () => {
    let deep = 'id';
    for (let i = 0; i < 10; i++) deep = `skus { spu { ${deep} } }`;
    const depth = shapeLimitError(schema, parse(`{ product(id: "1") { ${deep} } }`), limits);
    expect(depth?.extensions.code).toBe('MAX_DEPTH');
    expect(depth?.message).toMatch(/Query depth 22 exceeds the limit of 12 \(MAX_QUERY_DEPTH\)/);

    const aliases = shapeLimitError(schema, parse(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: shop { id }`).join(' ')} }`), limits);
    expect(aliases?.extensions.code).toBe('MAX_ALIASES');
    expect(aliases?.message).toMatch(/31 exceeds the limit of 30/);

    const directives = shapeLimitError(schema, parse(`{ shop { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`), limits);
    expect(directives?.extensions.code).toBe('MAX_DIRECTIVES');

    expect(shapeLimitError(schema, parse('{ a: shop { id } b: shop { name } }'), limits)).toBeUndefined();
  });

  it('counts tokens before parsing', () => {
    const error = tokenLimitError(`{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`, limits);
    expect(error?.extensions.code).toBe('MAX_TOKENS');
    expect(error?.message).toBe('Query has more tokens than the limit of 3000 (MAX_QUERY_TOKENS).');
    expect(tokenLimitError('{ shop { id } }', limits)).toBeUndefined();
  });

  it('gives subgraphs a margin over the gateway', () => {
    const sub = subgraphLimits(limits);
    expect(sub.maxDepth).toBe(limits.maxDepth + limits.subgraphMargin);
    expect(sub.budgets.CUSTOMER.maxQueryCost).toBe(limits.budgets.CUSTOMER.maxQueryCost * limits.subgraphMargin);
  });

  it('reads overrides from the environment', () => {
    const l = loadLimits({ MAX_QUERY_DEPTH: '5', COST_BUDGET_CUSTOMER: '100/200/10', RATE_LIMIT: 'off' });
    expect(l.maxDepth).toBe(5);
    expect(l.budgets.CUSTOMER).toEqual({ maxQueryCost: 100, bucketSize: 200, restoreRate: 10 });
    expect(l.rateLimit.enabled).toBe(false);
    expect(() => loadLimits({ COST_BUDGET_ADMIN: '1/2' })).toThrow(/COST_BUDGET_ADMIN/);
  });
});

describe('leaky bucket in memory', () => {
  it('takes up to its size, refills at its rate, refunds what was not used', async () => {
    let now = 0;
    const buckets = new MemoryBuckets(() => now);
    const budget = { maxQueryCost: 50, bucketSize: 100, restoreRate: 10 };
    expect((await buckets.take('a', 60, budget)).status.currentlyAvailable).toBe(40);
    const refused = await buckets.take('a', 50, budget);
    expect(refused.ok).toBe(false);
    expect(refused.status.currentlyAvailable).toBe(40);
    expect((await buckets.take('b', 50, budget)).ok).toBe(true);
    now = 1000;
    expect((await buckets.take('a', 50, budget)).ok).toBe(true); // 40 + 10 restored
    expect((await buckets.refund('a', 30, budget)).currentlyAvailable).toBe(30);
  });
});

describe('deadline and response size', () => {
  it('aborts on time or with its parent, and never after dispose', async () => {
    const d = deadline(20);
    await new Promise((r) => setTimeout(r, 40));
    expect(d.signal.aborted).toBe(true);
    const parent = new AbortController();
    const child = deadline(10_000, parent.signal);
    parent.abort(new Error('gateway gave up'));
    expect(child.signal.aborted).toBe(true);
    child.dispose();
    const done = deadline(10);
    done.dispose();
    await new Promise((r) => setTimeout(r, 30));
    expect(done.signal.aborted).toBe(false);
  });

  it('measures a response only as far as its budget', () => {
    expect(exceedsBytes({ a: 'x'.repeat(100) }, 200)).toBe(false);
    expect(exceedsBytes({ a: Array.from({ length: 1000 }, () => 'x'.repeat(100)) }, 10_000)).toBe(true);
  });
});
