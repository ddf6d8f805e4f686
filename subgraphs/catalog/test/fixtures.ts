import { randomBytes } from 'node:crypto';
import { CenterHost, DEMO_MEMBER_ID, type RequestContext, type TokenInput } from '@zhongtai/kit';
import { openTestDatabase, TEST_ADMIN, testMerchant, type TestDatabase } from '@zhongtai/kit/testing';
import { shopsCenter } from '@zhongtai/shops';
import { changeShopStatus, createShop } from '@zhongtai/shops/domain/shops';
import { catalogCenter } from '../src/index.ts';
import { createBrand } from '../src/domain/brands.ts';
import { createCategory } from '../src/domain/categories.ts';
import type { SkuInput } from '../src/domain/skuRules.ts';

/**
 * One host per test file on its own database (in-memory PGlite, or a fresh PostgreSQL database
 * when DATABASE_URL is set). Nothing is seeded; names still carry this run's tag so the tests
 * hold on a database that has other rows too.
 */
export const RUN = randomBytes(4).toString('hex');

export interface World {
  host: CenterHost;
  testDb: TestDatabase;
  close(): Promise<void>;
  as(center: 'catalog' | 'shops', token: TokenInput): Promise<RequestContext>;
  shopA: string;
  shopB: string;
  suspendedShop: string;
  /** 数码 > 手机 > 智能手机, and a second root 服装. */
  tree: { electronics: string; phones: string; smartphones: string; apparel: string };
  brand: string;
}

export async function openWorld(): Promise<World> {
  const testDb = await openTestDatabase();
  const host = await CenterHost.open({ config: testDb.config, database: testDb.database, seedWhenEmpty: false });
  await host.start([shopsCenter, catalogCenter]);
  // A fresh context per call: loaders cache per request, and a test step is a request.
  const as = (center: 'catalog' | 'shops', token: TokenInput) => host.contextFor(center, token);

  const shop = async (name: string) => {
    const result = await createShop(await as('shops', ADMIN), { name: `${name} ${RUN}`, contact: { name: '测试 Tester' } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.id;
  };
  const [shopA, shopB, suspendedShop] = [await shop('测试店 A'), await shop('测试店 B'), await shop('停业店 Suspended')];
  const suspended = await changeShopStatus(await as('shops', ADMIN), { id: suspendedShop, status: 'SUSPENDED', reason: 'test' });
  if (!suspended.ok) throw new Error(JSON.stringify(suspended.errors));

  const category = async (name: string, parentId: string | null) => {
    const result = await createCategory(await as('catalog', ADMIN), { name: `${name} ${RUN}`, parentId });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.id;
  };
  const electronics = await category('数码 Electronics', null);
  const phones = await category('手机 Phones', electronics);
  const smartphones = await category('智能手机 Smartphones', phones);
  const apparel = await category('服装 Apparel', null);
  const brand = await createBrand(await as('catalog', ADMIN), { name: `华为 HUAWEI ${RUN}` });
  if (!brand.ok) throw new Error(JSON.stringify(brand.errors));

  return { host, testDb, close: () => host.close().then(() => testDb.drop()), as, shopA, shopB, suspendedShop, tree: { electronics, phones, smartphones, apparel }, brand: brand.value.id };
}

export const ADMIN: TokenInput = { ...TEST_ADMIN, subject: 'admin:dev' };
export const ANALYST: TokenInput = { role: 'ANALYST' };
export const SERVICE: TokenInput = { role: 'SERVICE' };
export const CUSTOMER: TokenInput = { role: 'CUSTOMER', memberId: DEMO_MEMBER_ID };
export const merchantOf = (shopId: string): TokenInput => testMerchant(shopId);

let codeCounter = 0;
/** A SKU code unique across runs, so codes only clash where a test means them to. */
export const uniqueCode = (label = 'C') => `${label}-${RUN}-${++codeCounter}`;

export function sku(code: string, attributes: Record<string, string> = {}, amount = '99.00', currencyCode: 'CNY' | 'USD' = 'CNY'): SkuInput {
  return { code, salesAttributes: Object.entries(attributes).map(([name, value]) => ({ name, value })), price: { amount, currencyCode } };
}

/** The value of a Result that must be ok; a refusal fails the test with its userErrors. */
export function mustOk<T>(result: { ok: true; value: T } | { ok: false; errors: unknown[] }): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/** The userErrors of a Result that must be refused, as { field, code }. */
export function refusals(result: { ok: boolean; errors?: { field: string[] | null; code: string }[] }): { field: string[] | null; code: string }[] {
  if (result.ok) throw new Error('expected a refusal');
  return (result.errors ?? []).map(({ field, code }) => ({ field, code }));
}

export const cny = (amount: string) => ({ amount, currencyCode: 'CNY' as const });
