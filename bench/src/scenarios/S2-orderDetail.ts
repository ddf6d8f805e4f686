import type { Scenario } from './scenario.ts';

const QUERY = `query OrderDetail($id: ID!) {
  order(id: $id) {
    id status type createdAt paidAt note
    itemsTotal { amount currencyCode } discountTotal { amount } freight { amount } payable { amount } refunded { amount }
    address { receiver phone province city district detail }
    shop { id name }
    member { id name phone }
    lines { id quantity spuName skuCode unitPrice { amount } finalAmount { amount } refunded { amount } sku { id code spu { id name } } }
    shipments { id carrierCode trackingNumber status shippedAt }
    statusHistory { from to reason actor at }
  }
}`;

/** One order as the operator's detail page shows it. */
export const orderDetail: Scenario = {
  name: 'S2',
  title: 'order detail',
  description: 'one order by id with address, shop, member, lines with SKU and SPU, shipments and status history (ADMIN)',
  role: 'ADMIN',
  writes: false,
  query: QUERY,
  request: (data, _n, random) => ({ variables: { id: random.pick(data.orderIds) }, caller: { role: 'ADMIN' } }),
  idsOf: (data) => (data.order ? [data.order.id] : []),
  async floor(sql, { variables }) {
    // The id is known up front, so a hand-tuned service sends all four at once.
    const id = variables.id as string;
    const [order, lines, shipments, history] = await Promise.all([
      sql`select o.*, s.name as shop_name, m.name as member_name, m.phone as member_phone
          from orders.orders o join shops.shops s on s.id = o.shop_id left join members.members m on m.id = o.member_id where o.id = ${id}`,
      sql`select l.*, k.code, p.id as spu_id, p.name as spu_name
          from orders.order_lines l join catalog.skus k on k.id = l.sku_id join catalog.spus p on p.id = k.spu_id
          where l.order_id = ${id} order by l.position`,
      sql`select id, carrier_code, tracking_number, status, shipped_at from fulfillment.shipments where order_id = ${id} order by shipped_at, id`,
      sql`select from_status, to_status, reason, actor, created_at from orders.order_status_changes where order_id = ${id} order by created_at, id`,
    ]);
    return { ids: order.map((o) => o.id as string), rows: order.length + lines.length + shipments.length + history.length, statements: 4 };
  },
};
