import { newId, type CenterHost, type RequestContext, type TokenInput } from '@zhongtai/kit';
import { openTestWorld, testMerchant, testRunTag, TEST_ADMIN as ADMIN, type TestDatabase, type TestWorld } from '@zhongtai/kit/testing';
import { catalogCenter } from '@zhongtai/catalog';
import { membersCenter } from '@zhongtai/members';
import { shopsCenter } from '@zhongtai/shops';
import { marketingCenter } from '../src/index.ts';

/**
 * One host per test file on its own database with shops, catalog, members and marketing; nothing
 * seeded. Shops, categories and products are made through those centers' own GraphQL API.
 */
export const RUN = testRunTag();
export { TEST_ADMIN as ADMIN, testCustomer as customer } from '@zhongtai/kit/testing';
/** The OWNER the world made for each of its shops (GraphQL calls need a real staff member). */
const owners = new Map<string, string>();
export const merchantOf = (shopId: string): TokenInput => ({ ...testMerchant(shopId), ...(owners.has(shopId) ? { staffId: owners.get(shopId) } : {}) });

export interface World {
  host: CenterHost;
  testDb: TestDatabase;
  as(token: TokenInput): Promise<RequestContext>;
  gql: TestWorld['gql'];
  shopA: string;
  shopB: string;
  categories: { phones: string; apparel: string };
  /** ON_SALE SKUs: phone 300.00 and case 100.00 in shop A, a T-shirt 99.00 in shop B. */
  skus: { phone: string; phoneCase: string; shirt: string };
  /** Registers a member through the member center. */
  member(name?: string): Promise<string>;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const world = await openTestWorld({ centers: [shopsCenter, catalogCenter, membersCenter, marketingCenter], seed: [shopsCenter] });
  const { gql } = world;
  const shop = async (name: string) => {
    const id = (
      await gql('shops', ADMIN, 'mutation($n: String!) { createShop(input: { name: $n, contact: { name: "测试" } }) { shop { id } } }', { n: `${name} ${RUN}` })
    ).createShop.shop.id as string;
    const owner = await gql(
      'shops',
      ADMIN,
      'mutation($s: ID!, $e: String!) { addShopStaff(input: { shopId: $s, name: "店主 Owner", email: $e, role: OWNER }) { staff { id } } }',
      { s: id, e: `owner.${id.toLowerCase()}@test.example` },
    );
    owners.set(id, owner.addShopStaff.staff.id);
    return id;
  };
  const category = async (name: string) =>
    (await gql('catalog', ADMIN, 'mutation($n: String!) { createCategory(input: { name: $n }) { category { id } } }', { n: `${name} ${RUN}` })).createCategory
      .category.id as string;
  const product = async (shopId: string, categoryId: string, name: string, amount: string) => {
    const created = await gql(
      'catalog',
      merchantOf(shopId),
      `mutation($input: CreateSpuInput!) { createSpu(input: $input) { spu { id skus { id } } userErrors { code field } } }`,
      { input: { categoryId, name: `${name} ${RUN}`, skus: [{ code: `${name}-${RUN}`, price: { amount, currencyCode: 'CNY' } }] } },
    );
    const spu = created.createSpu.spu;
    // On sale goes through review: the merchant submits, an operator approves.
    await gql('catalog', merchantOf(shopId), 'mutation($id: ID!) { submitSpuForReview(input: { id: $id }) { spu { status } } }', { id: spu.id });
    const approved = await gql('catalog', ADMIN, 'mutation($id: ID!) { approveSpu(input: { id: $id }) { spu { status } userErrors { code } } }', {
      id: spu.id,
    });
    if (approved.approveSpu.spu?.status !== 'ON_SALE') throw new Error(`product not on sale: ${JSON.stringify(approved)}`);
    return spu.skus[0].id as string;
  };
  const [shopA, shopB] = [await shop('营销店 A'), await shop('营销店 B')];
  const categories = { phones: await category('手机 Phones'), apparel: await category('服装 Apparel') };
  const skus = {
    phone: await product(shopA, categories.phones, 'PHONE', '300.00'),
    phoneCase: await product(shopA, categories.phones, 'CASE', '100.00'),
    shirt: await product(shopB, categories.apparel, 'SHIRT', '99.00'),
  };
  let phones = 0;
  const member = async (name = '测试会员 Member') => {
    const phone = `139${String(Date.now() % 1e5).padStart(5, '0')}${String(++phones).padStart(3, '0')}`;
    const data = await gql(
      'members',
      ADMIN,
      'mutation($n: String!, $p: String!) { registerMember(input: { name: $n, phone: $p }) { member { id } userErrors { code } } }',
      { n: name, p: phone },
    );
    return data.registerMember.member.id as string;
  };
  return {
    host: world.host,
    testDb: world.testDb,
    as: (token) => world.as(token),
    gql,
    shopA,
    shopB,
    categories,
    skus,
    member,
    close: world.close,
  };
}

const HOUR = 3_600_000;
/** A template input claimable now; override what a test is about. */
export function templateInput(over: Record<string, unknown> = {}) {
  return {
    name: `满300减30 ${RUN}`,
    kind: 'THRESHOLD' as const,
    amountOff: { amount: '30.00', currencyCode: 'CNY' as const },
    minSpend: { amount: '300.00', currencyCode: 'CNY' as const },
    scope: 'PLATFORM' as const,
    validDays: 7,
    claimableFrom: new Date(Date.now() - HOUR),
    claimableUntil: new Date(Date.now() + 24 * HOUR),
    totalQuantity: 1000,
    perMemberLimit: 5,
    ...over,
  };
}

export const anOrder = () => newId('ord');
