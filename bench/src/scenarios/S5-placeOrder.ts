import type { Scenario } from './scenario.ts';
import { placeOrderFloor } from './S5-floor.ts';

const QUERY = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    checkout { id paymentId payable { amount currencyCode } }
    orders { id status payable { amount } lines { id quantity sku { id } } }
    userErrors { field code message }
  }
}`;

const ADDRESS = { receiver: '压测 Bench', phone: '+86 137 0000 0009', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };

/**
 * No request may repeat an idempotency key, in a run or across its modes (they share the
 * database: mode (a)'s n-th request with (b)'s key was a replay of (b)'s checkout, or waited on
 * one (b) left unfinished): keys carry the run's start time and a count of every request made.
 */
const RUN = Date.now().toString(36);
let made = 0;

/**
 * The write path: a customer places an order for one unit of a buyable SKU. Request n goes to
 * member n (round robin over the sampled members), so no two concurrent requests share a customer.
 */
export const placeOrder: Scenario = {
  name: 'S5',
  title: 'placeOrder',
  description:
    'one customer, one SKU, quantity 1: price quote, promotions, freight, stock reservation, order written (CUSTOMER, a different member per request)',
  role: 'CUSTOMER',
  writes: true,
  query: QUERY,
  request(data, n, random) {
    const memberId = data.memberIds[n % data.memberIds.length]!;
    const input = { idempotencyKey: `bench-${RUN}-${n}-${made++}`, lines: [{ skuId: random.pick(data.buyableSkuIds), quantity: 1 }], address: ADDRESS };
    return { variables: { input }, caller: { role: 'CUSTOMER', memberId } };
  },
  // A refusal (out of stock, risk) comes back as userErrors in a 200: for a benchmark it is a failed order.
  failed: (body) => body.includes('"errors"') || !body.includes('"userErrors":[]'),
  // The write floor: the same rows by hand-written SQL, one transaction per order (S5-floor.ts).
  floor: placeOrderFloor,
};
