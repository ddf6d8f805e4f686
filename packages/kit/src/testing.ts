import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import type { QueryCounter } from './db/queryCounter.ts';
import type { TokenInput } from './auth/claims.ts';
import { SHOP_STAFF_ROLES, type PlatformStaffRole, type ShopStaffRole } from './auth/permissions.ts';
import { DEMO_SHOP_COUNT, demoPlatformStaffId, demoShopId, demoShopStaffId } from './demo.ts';
import { seedId } from './ids.ts';

/**
 * A database for one test file: an in-memory PGlite, or, when DATABASE_URL is set, a fresh
 * PostgreSQL database created for this file and dropped after it (files run in parallel and
 * must not see each other's rows).
 */
export interface TestDatabase {
  database: Database;
  config: Config;
  /** The URL of the fresh database (PostgreSQL only), for child processes. */
  url: string | undefined;
  drop(): Promise<void>;
}

export async function openTestDatabase(options: { counter?: QueryCounter } = {}): Promise<TestDatabase> {
  const base = loadConfig();
  if (!base.databaseUrl) {
    const database = await openDatabase({ pgliteDir: 'memory', counter: options.counter });
    return { database, config: { ...base, dataDir: 'memory' }, url: undefined, drop: () => database.close() };
  }
  const name = `zt_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base.databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), counter: options.counter, poolSize: 20 });
  return {
    database,
    config: { ...base, databaseUrl: url.toString() },
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/null/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {}): Promise<T> {
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
export const testAdmin = (role: PlatformStaffRole = 'SUPER_ADMIN'): TokenInput => ({ role: 'ADMIN', staffId: demoPlatformStaffId(role), subject: `admin:${role.toLowerCase()}` });
/** A merchant of `shopId`: the seeded member of `role` when it is demo shop n, else a made-up id. */
export function testMerchant(shopId: string, role: ShopStaffRole = 'OWNER'): TokenInput {
  const n = Array.from({ length: DEMO_SHOP_COUNT }, (_, i) => i + 1).find((i) => demoShopId(i) === shopId);
  return { role: 'MERCHANT', shopId, staffId: n ? demoShopStaffId(n, role) : seedId('stf', 900_000 + SHOP_STAFF_ROLES.indexOf(role)), subject: `merchant:${shopId}` };
}
