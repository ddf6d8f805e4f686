import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { createCenterServer, demoPlatformStaffId, DEV_JWT_SECRET, loadConfig, newId, signCallback, TokenService } from '@zhongtai/kit';
import { devTokens } from '@zhongtai/gateway';
import { signedSandboxCallback } from '@zhongtai/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, PLACE_ORDER } from './support/shopping.ts';

/**
 * The graph as production runs it: NODE_ENV=production with real secrets. Sandboxes off unless
 * SANDBOX_PROVIDERS names them, introspection for operators only, tokens must expire.
 */
const SECRET = 'a-production-secret-of-forty-characters!';
const saved = { ...process.env };
let t: TestGraph;
let subgraph: Server;
let subgraphUrl: string;

beforeAll(async () => {
  Object.assign(process.env, { NODE_ENV: 'production', JWT_SECRET: SECRET, PAYMENT_SANDBOX_SECRET: 'a-production-sandbox-secret-of-40-chars!!' });
  delete process.env.INTROSPECTION;
  delete process.env.SANDBOX_PROVIDERS;
  t = await startTestGraph();
  subgraph = createCenterServer(t.graph.host!.center('orders'), t.graph.host!.database);
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  subgraphUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => subgraph?.close(() => resolve()));
  await t?.stop();
  for (const key of ['NODE_ENV', 'JWT_SECRET', 'PAYMENT_SANDBOX_SECRET', 'SANDBOX_PROVIDERS']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('NODE_ENV is read case-insensitively and fail-closed', () => {
  it.each(['production', 'Production', 'PRODUCTION', 'staging', 'prod', '', undefined])(
    'NODE_ENV=%s refuses the public dev secret and prints no dev tokens',
    async (nodeEnv) => {
      expect(() => loadConfig({ NODE_ENV: nodeEnv })).toThrow(/JWT_SECRET must be set/);
      const config = loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: SECRET });
      expect(config.production).toBe(true);
      expect(config.introspection).toBe('operators');
      expect(await devTokens(new TokenService(SECRET), config.production)).toEqual({});
    },
  );

  it.each(['development', 'Development', 'test', 'TEST'])('NODE_ENV=%s is not production: the dev secret and dev tokens work', async (nodeEnv) => {
    const config = loadConfig({ NODE_ENV: nodeEnv });
    expect([config.production, config.jwtSecret, config.introspection]).toEqual([false, DEV_JWT_SECRET, 'all']);
    expect(Object.keys(await devTokens(new TokenService(config.jwtSecret), config.production))).toEqual(['ADMIN', 'MERCHANT', 'ANALYST', 'CUSTOMER']);
  });

  it('this graph runs as production: the explorer page carries no token', async () => {
    const page = await (await fetch(t.graph.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Bearer \\u003ctoken>');
    expect(page).not.toMatch(/Bearer ey/);
  });
});

describe('tokens must expire, within JWT_MAX_LIFETIME_SECONDS', () => {
  const now = () => Math.floor(Date.now() / 1000);
  /** An HS256 JWT signed with the graph's own secret: only its lifetime is wrong. */
  const jwt = (claims: Record<string, unknown>) => {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ role: 'ADMIN', staffId: demoPlatformStaffId(), sub: 'admin:test', iss: 'zhongtai', aud: 'zhongtai-graph', ...claims })}`;
    return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
  };

  it('a token without exp, or living longer than 24 h, is UNAUTHENTICATED; 23 h is fine', async () => {
    const noExp = jwt({ iat: now() });
    const tooLong = jwt({ iat: now(), exp: now() + 25 * 3600 });
    const noIatTooLong = jwt({ exp: now() + 30 * 86400 });
    const fine = jwt({ iat: now(), exp: now() + 23 * 3600 });
    for (const token of [noExp, tooLong, noIatTooLong]) {
      const res = await t.gql('{ shops(first: 1) { totalCount } }', undefined, token);
      expect([res.status, res.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
      // The subgraph verifies again: the same refusal when reached directly.
      const direct = await postGraphQL(subgraphUrl, '{ orders(first: 1) { totalCount } }', undefined, token);
      expect(direct.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql('{ shops(first: 1) { totalCount } }', undefined, fine)).errors).toBeUndefined();
  });
});

describe('introspection and suggestions for operators only', () => {
  const SCHEMA = '{ __schema { queryType { name } } }';
  const TYPE = '{ __type(name: "Order") { fields { name } } }';

  it('a customer, a merchant and an anonymous caller are refused introspection at the gateway; an admin is not', async () => {
    for (const token of [t.tokens.customer, t.tokens.merchantA, null]) {
      for (const query of [SCHEMA, TYPE]) {
        const res = await t.gql(query, undefined, token);
        expect([res.status, res.errors?.[0]?.extensions?.code, res.data ?? null]).toEqual([403, 'FORBIDDEN', null]);
      }
    }
    expect((await t.gql(SCHEMA, undefined, t.tokens.admin)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await t.gql(TYPE, undefined, t.tokens.admin)).data?.__type.fields.length).toBeGreaterThan(5);
    // __typename is not introspection: clients and query plans need it.
    expect((await t.gql('{ __typename }', undefined, t.tokens.customer)).data).toEqual({ __typename: 'Query' });
  });

  it('"Did you mean" suggestions go to admins only', async () => {
    const customer = await t.gql('{ myOrdes(first: 1) { totalCount } }', undefined, t.tokens.customer);
    expect(customer.errors?.[0]?.message).toBe('Cannot query field "myOrdes" on type "Query".');
    const admin = await t.gql('{ myOrdes(first: 1) { totalCount } }', undefined, t.tokens.admin);
    expect(admin.errors?.[0]?.message).toMatch(/Did you mean "myOrders"/);
  });

  it('a subgraph reached directly refuses introspection and suggestions to a customer, not to an admin; the gateway still plans through it', async () => {
    const customer = await postGraphQL(subgraphUrl, SCHEMA, undefined, t.tokens.customer);
    expect([customer.errors?.[0]?.extensions?.code, customer.data ?? null]).toEqual(['FORBIDDEN', null]);
    const admin = await postGraphQL<{ __schema: { queryType: { name: string } } }>(subgraphUrl, SCHEMA, undefined, t.tokens.admin);
    expect(admin.data?.__schema.queryType.name).toBe('Query');
    const typo = await postGraphQL(subgraphUrl, '{ myOrdes(first: 1) { totalCount } }', undefined, t.tokens.customer);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const planned = await t.gql('{ myOrders(first: 1) { totalCount nodes { id shop { name } } } }', undefined, t.tokens.customer);
    expect(planned.errors).toBeUndefined();
  });
});

describe('sandboxes are off in production unless SANDBOX_PROVIDERS names them', () => {
  it('sandboxPay is FORBIDDEN and the payment stays unpaid; its signed callback and pay page are not served', async () => {
    // An order placed while the sandbox was on (SANDBOX_PROVIDERS=payments), then switched off.
    process.env.SANDBOX_PROVIDERS = 'payments';
    const [sku] = await buyableSkus(t, t.shopA, 1, 2);
    const placed = await t.gql(
      PLACE_ORDER,
      { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS } },
      t.tokens.customer,
    );
    expect(placed.data?.placeOrder.userErrors).toEqual([]);
    const { paymentId } = placed.data!.placeOrder.checkout;
    const orderId = placed.data!.placeOrder.orders[0].id;
    const payment = (
      await t.gql('query($id: ID!) { payment(id: $id) { providerPaymentId amount { amount } action { url } } }', { id: paymentId }, t.tokens.admin)
    ).data!.payment;
    delete process.env.SANDBOX_PROVIDERS;

    const paid = await t.gql(
      'mutation($id: ID!) { sandboxPay(input: { paymentId: $id }) { payment { status } userErrors { code } } }',
      { id: paymentId },
      t.tokens.customer,
    );
    expect(paid.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(paid.errors?.[0]?.message).toMatch(/SANDBOX_PROVIDERS/);

    const origin = new URL(t.graph.url).origin;
    const callback = signedSandboxCallback({
      type: 'payment.succeeded',
      providerPaymentId: payment.providerPaymentId,
      amount: String(Math.round(Number(payment.amount.amount) * 100)),
      currency: 'CNY',
    });
    expect((await fetch(`${origin}/hooks/payments/sandbox/callback`, { method: 'POST', headers: callback.headers, body: callback.rawBody })).status).toBe(404);
    expect((await fetch(payment.action.url)).status).toBe(404);

    const after = await t.gql('query($p: ID!, $o: ID!) { payment(id: $p) { status } order(id: $o) { status } }', { p: paymentId, o: orderId }, t.tokens.admin);
    expect(after.data).toEqual({ payment: { status: 'PENDING' }, order: { status: 'PENDING_PAYMENT' } });

    // A new order cannot open a sandbox payment either.
    const refused = await t.gql(
      PLACE_ORDER,
      { input: { idempotencyKey: newId('key'), lines: [{ skuId: sku!.id, quantity: 1 }], address: ADDRESS } },
      t.tokens.customer,
    );
    expect(refused.data?.placeOrder.checkout).toBeNull();
    expect(refused.data?.placeOrder.userErrors).toContainEqual(expect.objectContaining({ code: 'PROVIDER_ERROR' }));
  });

  it("sandboxAdvanceShipment is FORBIDDEN and the SANDBOX carrier's tracking callbacks are refused", async () => {
    const advanced = await t.gql('mutation($id: ID!) { sandboxAdvanceShipment(shipmentId: $id) { userErrors { code } } }', { id: 'shp_x' }, t.tokens.admin);
    expect(advanced.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Signed with the seed's public sandbox carrier secret, for a tracking number nobody has.
    const origin = new URL(t.graph.url).origin;
    const body = JSON.stringify({ eventId: newId('evt'), trackingNumber: 'SBX-NOBODY', status: 'DELIVERED', occurredAt: new Date().toISOString() });
    const post = () => {
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`${origin}/hooks/fulfillment/carrier/tracking?carrier=SANDBOX`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-carrier-timestamp': String(timestamp),
          'x-carrier-signature': signCallback('sandbox-carrier-demo-secret', timestamp, body),
        },
        body,
      });
    };
    expect((await post()).status).toBe(401);
    process.env.SANDBOX_PROVIDERS = 'carrier';
    try {
      // Switched on, the same callback is read (and finds no such shipment).
      expect((await post()).status).toBe(404);
    } finally {
      delete process.env.SANDBOX_PROVIDERS;
    }
  });
});
