import { expect } from 'vitest';
import type { CenterHost, RequestContext, TokenInput } from '@zhongtai/kit';
import { mustOk as value, openTestWorld, testRunTag, TEST_ADMIN as ADMIN, type TestDatabase } from '@zhongtai/kit/testing';
import { catalogCenter } from '@zhongtai/catalog';
import { shopsCenter } from '@zhongtai/shops';
import { createShop } from '@zhongtai/shops/domain/shops';
import { inventoryCenter } from '../src/index.ts';
import { checkLedger } from '../src/domain/ledgerCheck.ts';
import { createInboundReceipt } from '../src/domain/inbound.ts';
import { putAwayInbound, receiveInbound } from '../src/domain/inboundReceive.ts';
import { createWarehouse } from '../src/domain/warehouses.ts';

/**
 * One host per test file on its own database, with shops, catalog and inventory. SKUs are made
 * through catalog's own GraphQL API (inventory never reads catalog's tables), stock arrives
 * through inbound receipts, so every unit has its movement.
 */
export const RUN = testRunTag();
export {
  TEST_ADMIN as ADMIN,
  TEST_ANALYST as ANALYST,
  TEST_SERVICE as SERVICE,
  TEST_CUSTOMER as CUSTOMER,
  testMerchant as merchantOf,
  mustOk as value,
  refusals as errorsOf,
} from '@zhongtai/kit/testing';

export interface World {
  host: CenterHost;
  testDb: TestDatabase;
  shopA: string;
  shopB: string;
  as(token: TokenInput): Promise<RequestContext>;
  /** Creates a product with `count` SKUs in the shop; returns their ids. */
  skus(shopId: string, count: number): Promise<string[]>;
  warehouse(shopId: string | null, priority?: number): Promise<string>;
  /** Receives and puts away `quantity` good units. */
  stockIn(warehouseId: string, skuId: string, quantity: number): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** `events: false` leaves out the relay and job workers (jobs are then run by hand): a faster start. */
export async function openWorld({ events = true }: { events?: boolean } = {}): Promise<World> {
  // GraphQL calls as staff need the staff member to exist: the shops seed has the platform's.
  const world = await openTestWorld({ centers: [shopsCenter, catalogCenter, inventoryCenter], seed: [shopsCenter], events });
  const { host, testDb } = world;
  const as = (token: TokenInput) => world.as(token);
  const catalog = (query: string, variables: Record<string, unknown>) => world.gql<Record<string, any>>('catalog', ADMIN, query, variables);
  const shop = async (name: string) => value(await createShop(await world.as(ADMIN, 'shops'), { name: `${name} ${RUN}`, contact: { name: '测试 Tester' } })).id;
  const [shopA, shopB] = [await shop('库存店 A'), await shop('库存店 B')];
  const category = await catalog('mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } userErrors { code } } }', {
    i: { name: `仓储 ${RUN}` },
  });
  const categoryId = category.createCategory.category.id as string;

  return {
    host,
    testDb,
    shopA,
    shopB,
    as,
    async skus(shopId, count) {
      const n = ++counter;
      const skus = Array.from({ length: count }, (_, i) => ({
        code: `INV-${RUN}-${n}-${i}`,
        salesAttributes: [{ name: '规格', value: `v${i}` }],
        price: { amount: '10.00', currencyCode: 'CNY' },
      }));
      const data = await catalog('mutation($i: CreateSpuInput!) { createSpu(input: $i) { spu { skus { id } } userErrors { field code } } }', {
        i: { shopId, categoryId, name: `测试商品 ${RUN} ${n}`, skus },
      });
      return (data.createSpu.spu.skus as { id: string }[]).map((s) => s.id);
    },
    async warehouse(shopId, priority = 100) {
      const n = ++counter;
      return value(
        await createWarehouse(await as(ADMIN), {
          shopId,
          code: `W${RUN}${n}`,
          name: `仓 ${n}`,
          province: '上海',
          city: '上海',
          address: `测试路 ${n} 号`,
          priority,
        }),
      ).id;
    },
    async stockIn(warehouseId, skuId, quantity) {
      const admin = await as(ADMIN);
      const receipt = value(await createInboundReceipt(admin, { warehouseId, source: 'MANUAL', lines: [{ skuId, expectedQuantity: quantity }] }));
      value(await receiveInbound(admin, { id: receipt.id, lines: [{ skuId, quantity, quality: 'GOOD' }] }));
      value(await putAwayInbound(admin, { id: receipt.id }));
    },
    close: world.close,
  };
}

/** The movement checker must pass after every flow. */
export async function expectLedgerBalanced(world: World): Promise<void> {
  const check = await checkLedger(await world.as(ADMIN));
  expect(check.mismatches).toEqual([]);
  expect(check.ok).toBe(true);
}
