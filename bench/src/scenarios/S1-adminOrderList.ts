import type { Scenario } from './scenario.ts';
import { PAGE_SIZE } from './scenario.ts';

const QUERY = `query AdminOrderList($first: Int!, $status: OrderStatus!, $from: DateTime!, $to: DateTime!) {
  orders(first: $first, filter: { status: $status, createdFrom: $from, createdTo: $to }, sort: { field: CREATED_AT, direction: DESC }) {
    nodes {
      id status type createdAt
      payable { amount currencyCode }
      freight { amount }
      shop { id name }
      member { id name phone }
      lines { id quantity unitPrice { amount } finalAmount { amount } sku { id code spu { id name } } }
      shipments { id carrierCode trackingNumber status }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The operator's order list: one status, a createdAt window, newest first, a full page. */
export const adminOrderList: Scenario = {
  name: 'S1',
  title: 'admin order list',
  description: `${PAGE_SIZE} orders filtered by status and a createdAt range, with lines, SKUs and SPU names, member and shipments (ADMIN)`,
  role: 'ADMIN',
  writes: false,
  query: QUERY,
  request(data, n, random) {
    const window = data.orderWindows.length
      ? random.pick(data.orderWindows)
      : { status: 'PENDING_PAYMENT', from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
    return { variables: { first: PAGE_SIZE, status: window.status, from: window.from, to: window.to }, caller: { role: 'ADMIN' } };
  },
  withPageSize: (variables, size) => ({ ...variables, first: size }),
  idsOf: (data) => data.orders.nodes.map((o: { id: string }) => o.id),
  async floor(sql, { variables: v }) {
    // What a hand-tuned service would send: the page with its shop and member joined, then
    // lines (with SKU and SPU) and shipments of the page's orders in parallel.
    const orders = await sql`
      select o.id, o.status, o.type, o.created_at, o.payable_amount, o.currency, o.freight_amount,
             s.id as shop_id, s.name as shop_name, m.id as member_id, m.name as member_name, m.phone as member_phone
      from orders.orders o
      join shops.shops s on s.id = o.shop_id
      left join members.members m on m.id = o.member_id
      where o.status = ${v.status as string} and o.created_at >= ${v.from as string} and o.created_at < ${v.to as string}
      order by o.created_at desc, o.id desc
      limit ${(v.first as number) + 1}`;
    const page = orders.slice(0, v.first as number);
    const ids = page.map((o) => o.id as string);
    const [lines, shipments] = await Promise.all([
      sql`select l.id, l.order_id, l.quantity, l.unit_price, l.final_amount, k.id as sku_id, k.code, p.id as spu_id, p.name as spu_name
          from orders.order_lines l join catalog.skus k on k.id = l.sku_id join catalog.spus p on p.id = k.spu_id
          where l.order_id = any(${ids}) order by l.order_id, l.position`,
      sql`select id, order_id, carrier_code, tracking_number, status from fulfillment.shipments where order_id = any(${ids}) order by shipped_at, id`,
    ]);
    return { ids, rows: page.length + lines.length + shipments.length, statements: 3 };
  },
};
