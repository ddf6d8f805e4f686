import type { CenterHost, RequestContext, TokenInput } from '@zhongtai/kit';
import { mustOk, openTestWorld, testRunTag, TEST_ADMIN as ADMIN, type TestDatabase } from '@zhongtai/kit/testing';
import { shopsCenter } from '@zhongtai/shops';
import { changeShopStatus, createShop } from '@zhongtai/shops/domain/shops';
import { catalogCenter } from '../src/index.ts';
import { createBrand } from '../src/domain/brands/brands.ts';
import { createCategory } from '../src/domain/categories/categories.ts';
import type { SkuInput } from '../src/domain/skus/skuRules.ts';

/**
 * One host per test file on its own database (in-memory PGlite, or a fresh PostgreSQL database
 * when DATABASE_URL is set). Nothing is seeded; names still carry this run's tag so the tests
 * hold on a database that has other rows too.
 */
export const RUN = testRunTag();

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
  const world = await openTestWorld({ centers: [shopsCenter, catalogCenter], events: true });
  const as = (center: 'catalog' | 'shops', token: TokenInput) => world.as(token, center);

  const shop = async (name: string) => mustOk(await createShop(await as('shops', ADMIN), { name: `${name} ${RUN}`, contact: { name: '测试 Tester' } })).id;
  const [shopA, shopB, suspendedShop] = [await shop('测试店 A'), await shop('测试店 B'), await shop('停业店 Suspended')];
  mustOk(await changeShopStatus(await as('shops', ADMIN), { id: suspendedShop, status: 'SUSPENDED', reason: 'test' }));

  const category = async (name: string, parentId: string | null) =>
    mustOk(await createCategory(await as('catalog', ADMIN), { name: `${name} ${RUN}`, parentId })).id;
  const electronics = await category('数码 Electronics', null);
  const phones = await category('手机 Phones', electronics);
  const smartphones = await category('智能手机 Smartphones', phones);
  const apparel = await category('服装 Apparel', null);
  const brand = mustOk(await createBrand(await as('catalog', ADMIN), { name: `华为 HUAWEI ${RUN}` }));

  return {
    host: world.host,
    testDb: world.testDb,
    close: world.close,
    as,
    shopA,
    shopB,
    suspendedShop,
    tree: { electronics, phones, smartphones, apparel },
    brand: brand.id,
  };
}

export {
  TEST_ADMIN as ADMIN,
  TEST_ANALYST as ANALYST,
  TEST_SERVICE as SERVICE,
  TEST_CUSTOMER as CUSTOMER,
  testMerchant as merchantOf,
  mustOk,
  refusals,
  cny,
} from '@zhongtai/kit/testing';

let codeCounter = 0;
/** A SKU code unique across runs, so codes only clash where a test means them to. */
export const uniqueCode = (label = 'C') => `${label}-${RUN}-${++codeCounter}`;

export function sku(code: string, attributes: Record<string, string> = {}, amount = '99.00', currencyCode: 'CNY' | 'USD' = 'CNY'): SkuInput {
  return { code, salesAttributes: Object.entries(attributes).map(([name, value]) => ({ name, value })), price: { amount, currencyCode } };
}
