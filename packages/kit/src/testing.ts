import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll } from 'vitest';
import type { TokenInput } from './auth/claims.ts';
import type { CenterDefinition } from './center.ts';
import type { RequestContext } from './context.ts';
import { CenterHost } from './host.ts';
import type { UserError } from './userErrors.ts';
import { SHOP_STAFF_ROLES, type PlatformStaffRole, type ShopStaffRole } from './auth/permissions.ts';
import { DEMO_MEMBER_ID, DEMO_SHOP_COUNT, demoPlatformStaffId, demoShopId, demoShopStaffId } from './demo.ts';
import type { EventCatalog, EventEnvelope, Topic } from './events/catalog.ts';
import { newId, seedId } from './ids.ts';
import { openTestDatabase, type TestDatabase } from './testDatabase.ts';
import { startTracing } from './telemetry/tracing.ts';

export { buildDatabaseTemplate, openTestDatabase, type DatabaseTemplate, type TestDatabase } from './testDatabase.ts';

/** Polls `check` until it returns a value other than undefined/null/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * Staff tokens for tests. Staff tokens name a staff member; the seeded ones (shops seed) are the
 * platform's one member per role and, for demo shop n, one member per shop role. A test whose
 * requests go through GraphQL needs the member to exist (seeded, or made by the test); a domain
 * test (host.contextFor) may name anyone.
 */
export const TEST_ADMIN: TokenInput = { role: 'ADMIN', staffId: demoPlatformStaffId('SUPER_ADMIN'), subject: 'admin:test' };
export const testAdmin = (role: PlatformStaffRole = 'SUPER_ADMIN'): TokenInput => ({
  role: 'ADMIN',
  staffId: demoPlatformStaffId(role),
  subject: `admin:${role.toLowerCase()}`,
});
/** A merchant of `shopId`: the seeded member of `role` when it is demo shop n, else a made-up id. */
export function testMerchant(shopId: string, role: ShopStaffRole = 'OWNER'): TokenInput {
  const n = Array.from({ length: DEMO_SHOP_COUNT }, (_, i) => i + 1).find((i) => demoShopId(i) === shopId);
  return {
    role: 'MERCHANT',
    shopId,
    staffId: n ? demoShopStaffId(n, role) : seedId('stf', 900_000 + SHOP_STAFF_ROLES.indexOf(role)),
    subject: `merchant:${shopId}`,
  };
}

/** The other roles' tokens. A customer token names a member; the demo member unless told. */
export const TEST_ANALYST: TokenInput = { role: 'ANALYST' };
export const TEST_SERVICE: TokenInput = { role: 'SERVICE', subject: 'service:orders' };
export const testCustomer = (memberId: string = DEMO_MEMBER_ID): TokenInput => ({ role: 'CUSTOMER', memberId });
export const TEST_CUSTOMER: TokenInput = testCustomer();

/**
 * The world a center's tests run in: a host on a test database of its own (see openTestDatabase)
 * with the centers the tests need, migrated and, unless told, unseeded and without the event relay.
 */
export interface TestWorld {
  host: CenterHost;
  testDb: TestDatabase;
  /** A request context in `center` (the world's own center unless named); a fresh one per call, as loaders cache per request. */
  as(token: TokenInput, center?: string): Promise<RequestContext>;
  /** A GraphQL request to `center` as `token`; GraphQL errors fail the step with their text. */
  gql<T = any>(center: string, token: TokenInput, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface TestWorldOptions {
  /** The centers to host, the center under test last (it is `as`'s default). */
  centers: CenterDefinition[];
  /** Centers to seed (e.g. shops, whose seed has the platform staff GraphQL calls as staff need). */
  seed?: CenterDefinition[];
  /** Start the event relay and job workers. Default false. */
  events?: boolean;
}

export async function openTestWorld(options: TestWorldOptions): Promise<TestWorld> {
  const testDb = await openTestDatabase();
  const host = await CenterHost.open({ config: testDb.config, database: testDb.database, seedWhenEmpty: false, events: options.events ?? false });
  await host.start(options.centers);
  if (options.seed?.length) await host.seed(options.seed, { onlyWhenEmpty: true });
  const last = options.centers.at(-1);
  if (!last) throw new Error('openTestWorld needs at least one center');
  const own = last.name;
  return {
    host,
    testDb,
    as: (token, center = own) => host.contextFor(center, token),
    async gql(center, token, query, variables) {
      const headers = new Headers({ authorization: `Bearer ${await host.tokens.sign(token)}` });
      const result = await host.center(center).execute({ query, variables }, headers);
      if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
      return result.data as any;
    },
    close: () =>
      host.close().then(
        () => testDb.drop(),
        () => testDb.drop(),
      ),
  };
}

/** A tag for this run's names, so tests hold on a database that has other rows too. */
export const testRunTag = (): string => randomBytes(4).toString('hex');

/** An event as its producer would publish it (a fresh id, now), to hand straight to a center's handler. */
export function testEvent<T extends Topic>(topic: T, payload: EventCatalog[T]): EventEnvelope<T> {
  return { id: newId('evt'), topic, producer: 'test', occurredAt: new Date().toISOString(), payload };
}

/**
 * Runs the center's handler of `event.topic` in a transaction of its own as the bus does, as
 * `token` (a service by default), without the inbox: the domain must be idempotent on its own too.
 */
export async function deliverEvent(world: TestWorld, handlers: object, event: EventEnvelope, token: TokenInput = TEST_SERVICE): Promise<void> {
  const handler = (handlers as Record<string, ((ctx: RequestContext, e: EventEnvelope) => Promise<void>) | undefined>)[event.topic];
  if (!handler) throw new Error(`no handler of ${event.topic}`);
  const ctx = await world.as(token);
  await ctx.db.transaction((tx) => handler({ ...ctx, db: tx }, event));
}

/** The value of a result that must be ok; a refusal fails the step with its userErrors. */
export function mustOk<T>(result: { ok: true; value: T } | { ok: false; errors: unknown[] }): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** The userErrors of a result that must be refused, as { field, code }. */
export function refusals(result: { ok: boolean; errors?: Pick<UserError, 'field' | 'code'>[] }): Pick<UserError, 'field' | 'code'>[] {
  if (result.ok) throw new Error('expected a refusal');
  return (result.errors ?? []).map(({ field, code }) => ({ field, code }));
}

export const cny = (amount: string) => ({ amount, currencyCode: 'CNY' as const });

/**
 * The world of one test file: opened before its tests (before the file's own beforeAll hooks,
 * which may use it) and closed after them. Returns a stand-in that reads through to the world
 * once it is open, so tests write `world.shopA` without a `let` and two hooks of their own.
 */
export function useTestWorld<W extends { close(): Promise<void> }>(open: () => Promise<W>, timeoutMs = 180_000): W {
  let world: W | undefined;
  beforeAll(async () => {
    world = await open();
  }, timeoutMs);
  afterAll(async () => {
    await world?.close();
  });
  return new Proxy({} as W, {
    get(_, key) {
      if (!world) throw new Error('the test world is opened in beforeAll: use it inside a hook or a test');
      return Reflect.get(world, key);
    },
  });
}

/**
 * Turns tracing on in this test process with spans kept in memory (each exported as it ends);
 * `stopTracing()` in afterAll turns it off again.
 */
export async function traceInMemory(): Promise<InMemorySpanExporter> {
  const exporter = new InMemorySpanExporter();
  if (!(await startTracing({ exporter, serviceName: 'zhongtai-test' }))) throw new Error('tracing did not start');
  return exporter;
}
export type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-node';
