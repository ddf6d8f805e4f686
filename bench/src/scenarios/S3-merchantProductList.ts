import type { Scenario } from './scenario.ts';
import { PAGE_SIZE } from './scenario.ts';
import { stockOfSpus } from './stockSql.ts';

const QUERY = `query MerchantProductList($first: Int!, $sort: SpuSort!) {
  spus(first: $first, sort: $sort) {
    nodes {
      id name status productType createdAt
      minSalePrice { amount currencyCode }
      skus { id code status price { amount } listPrice { amount } costPrice { amount } stock { inStock available } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The list's sort columns; ties are broken by id in the same direction (kit pagination). */
const SORT_COLUMNS = { CREATED_AT: 'created_at', UPDATED_AT: 'updated_at', NAME: 'name', PRICE: 'min_sale_price_amount' } as const;
type SortField = keyof typeof SORT_COLUMNS;

/** The merchant portal's product list: its own shop's SPUs, newest first, with SKUs, prices and stock. */
export const merchantProductList: Scenario = {
  name: 'S3',
  title: 'merchant product list',
  description: `${PAGE_SIZE} SPUs of the merchant's shop with SKUs, sale/list/cost price and available stock (MERCHANT; shop, sort field and direction vary per request)`,
  role: 'MERCHANT',
  writes: false,
  query: QUERY,
  // Shop, sort field and direction all vary: with the shop alone, concurrent requests would often
  // be identical, and a gateway that merges identical in-flight subgraph calls (Hive does) would
  // be measured on a workload no merchant portal has.
  request: (data, _n, random) => ({
    variables: { first: PAGE_SIZE, sort: { field: random.pick(Object.keys(SORT_COLUMNS)), direction: random.pick(['ASC', 'DESC']) } },
    caller: { role: 'MERCHANT', shopId: random.pick(data.merchantShopIds) },
  }),
  withPageSize: (variables, size) => ({ ...variables, first: size }),
  idsOf: (data) => data.spus.nodes.map((s: { id: string }) => s.id),
  async floor(sql, { variables, caller }) {
    const sort = variables.sort as { field: SortField; direction: 'ASC' | 'DESC' };
    const direction = sort.direction === 'ASC' ? sql`asc` : sql`desc`;
    const spus = await sql`
      select id, name, status, product_type, created_at, min_sale_price_amount, price_currency
      from catalog.spus where shop_id = ${caller.shopId!}
      order by ${sql(SORT_COLUMNS[sort.field])} ${direction}, id ${direction} limit ${(variables.first as number) + 1}`;
    const ids = spus.slice(0, variables.first as number).map((s) => s.id as string);
    const [skus, stock] = await Promise.all([
      sql`select id, spu_id, code, status, price_amount, list_price_amount, cost_price_amount from catalog.skus where spu_id = any(${ids}) order by spu_id, position, id`,
      stockOfSpus(sql, ids),
    ]);
    return { ids, rows: ids.length + skus.length + stock.length, statements: 3 };
  },
};
