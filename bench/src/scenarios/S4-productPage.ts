import type { Scenario } from './scenario.ts';
import { stockOfSpus } from './stockSql.ts';

const QUERY = `query ProductPage($id: ID!) {
  product(id: $id) {
    id name description productType mediaUrls
    minSalePrice { amount currencyCode }
    shop { id name }
    category { id name }
    brand { id name }
    attributes { name value }
    skus { id code salesAttributes { name value } price { amount } listPrice { amount } stock { inStock } }
  }
}`;

/** The storefront's product page: one ON_SALE SPU, its active SKUs and whether each is in stock. */
export const productPage: Scenario = {
  name: 'S4',
  title: 'customer product page',
  description: 'one ON_SALE SPU with shop, category, brand, attributes, its active SKUs with prices and in-stock flag (CUSTOMER)',
  role: 'CUSTOMER',
  writes: false,
  query: QUERY,
  request: (data, _n, random) => ({ variables: { id: random.pick(data.onSaleSpuIds) }, caller: { role: 'CUSTOMER', memberId: data.memberIds[0] } }),
  idsOf: (data) => (data.product ? [data.product.id] : []),
  async floor(sql, { variables }) {
    const id = variables.id as string;
    const [spu, skus, stock] = await Promise.all([
      sql`select p.id, p.name, p.description, p.product_type, p.media_urls, p.attributes, p.min_sale_price_amount, p.price_currency,
                 s.id as shop_id, s.name as shop_name, c.id as category_id, c.name as category_name, b.id as brand_id, b.name as brand_name
          from catalog.spus p join shops.shops s on s.id = p.shop_id join catalog.categories c on c.id = p.category_id
          left join catalog.brands b on b.id = p.brand_id
          where p.id = ${id} and p.status = 'ON_SALE'`,
      sql`select id, code, sales_attributes, price_amount, list_price_amount from catalog.skus where spu_id = ${id} and status = 'ACTIVE' order by position, id`,
      stockOfSpus(sql, [id]),
    ]);
    return { ids: spu.map((s) => s.id as string), rows: spu.length + skus.length + stock.length, statements: 3 };
  },
};
