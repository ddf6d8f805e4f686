import { sql } from 'drizzle-orm';
import {
  DEMO_CROSS_BORDER_SKU_ID,
  demoMemberId,
  demoShopId,
  demoPlatformStaffId,
  DEMO_SHOP_COUNT,
  seedId,
  logger,
  whileTimeTravelling,
  withTimeAt,
  type CenterHost,
  type TokenInput,
} from '@zhongtai/kit';
import { signedCustomsReceipt } from '@zhongtai/orders';
import { signedSandboxCallback } from '@zhongtai/payments';
import { advanceSandboxShipmentInProcess } from '@zhongtai/fulfillment';

/**
 * Demo orders over the last 90 days (issue 15, item 7), placed, paid, shipped, delivered,
 * confirmed, cancelled and refunded through the centers' own mutations and domain code, each
 * step inside `withTimeAt` so what they store (and what their events' handlers store) is dated
 * then. Writes only its own progress table; every business row is written by its center.
 */
const log = logger({ center: 'demo-orders' });
const MEMBERS = 60;
const DAYS = 90;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REGIONS = [
  { province: '浙江省', city: '杭州市', district: '西湖区' },
  { province: '上海市', city: '上海市', district: '浦东新区' },
  { province: '广东省', city: '深圳市', district: '南山区' },
  { province: '北京市', city: '北京市', district: '朝阳区' },
  { province: '四川省', city: '成都市', district: '武侯区' },
  { province: '江苏省', city: '南京市', district: '鼓楼区' },
  { province: '湖北省', city: '武汉市', district: '洪山区' },
];

/** The n-th item of a list taken round and round (never empty here). */
function nth<T>(list: readonly T[], n: number): T {
  const item = list[n % list.length];
  if (item === undefined) throw new Error('empty list');
  return item;
}

/** What happens to the n-th order, decided from n alone (the same on every run). */
export type DemoFate =
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'PAID'
  | 'SHIPPED'
  | 'DELIVERED'
  | 'COMPLETED'
  | 'REFUND_ONLY'
  /** Delivered, then returned (退货退款, reason QUALITY): the parcel comes back through the warehouse and the money goes back. */
  | 'RETURNED'
  /** Delivered, then an exchange (换货, reason SIZE_FIT) approved and its return parcel sent. */
  | 'EXCHANGED'
  /** Completed, then part of a line refunded by the platform (price protection: a MERCHANT refund for analytics). */
  | 'PARTIAL_REFUND';
const FATES: DemoFate[] = [
  'COMPLETED',
  'COMPLETED',
  'TIMEOUT',
  'RETURNED',
  'SHIPPED',
  'COMPLETED',
  'CANCELLED',
  'PARTIAL_REFUND',
  'DELIVERED',
  'COMPLETED',
  'REFUND_ONLY',
  'PAID',
  'COMPLETED',
  'EXCHANGED',
  'SHIPPED',
  'COMPLETED',
  'DELIVERED',
  'RETURNED',
  'COMPLETED',
  'REFUND_ONLY',
];
/** A refund-only request's reason, by order: analytics reports refunds by them. */
const REFUND_REASONS = ['NO_REASON', 'NOT_AS_DESCRIBED', 'DAMAGED_IN_TRANSIT', 'NOT_RECEIVED'] as const;
/** The platform's newcomer coupon (10 % off, no threshold): every fifth order claims and uses one when its buyer still may. */
const DEMO_COUPON_TEMPLATE = seedId('cpt', 2);
export const demoFate = (n: number): DemoFate => nth(FATES, n);

/**
 * 跨境: every 53rd order (about 2 %) buys the demo cross-border SKU (DEMO_CROSS_BORDER_SKU_ID, BONDED),
 * one unit, with its buyer's identity, and goes through the customs sandbox: declared when paid,
 * cleared, then shipped. 53 is prime to the 60 members, so the orders (and their identities) spread
 * over all of them, a unit or two a person a year, far from the limits (5,000 CNY an order, 26,000 a year).
 * Their lives are their own: no return, exchange or after-sale refund (cross-border goods are rarely
 * taken back, and a refund after clearance is a customs matter of its own).
 */
const CROSS_BORDER_EVERY = 53;
const isCrossBorderOrder = (n: number) => n % CROSS_BORDER_EVERY === 23;
const CROSS_BORDER_FATES: DemoFate[] = ['COMPLETED', 'SHIPPED', 'COMPLETED', 'DELIVERED', 'COMPLETED', 'PAID', 'CANCELLED'];
/** The n-th order's fate when the cross-border SKU is there to buy. */
export const demoCrossBorderFate = (n: number): DemoFate | null => (isCrossBorderOrder(n) ? nth(CROSS_BORDER_FATES, Math.floor(n / CROSS_BORDER_EVERY)) : null);

export interface DemoOrdersOptions {
  /** How many orders (DEMO_ORDERS; 0 does nothing). */
  count: number;
  /** "Now" for the spread (default the real time). */
  now?: Date;
}

export interface DemoOrdersResult {
  placed: number;
  skipped: number;
  failed: number;
  /** Each failed order's number, fate and why: never dropped without a word. */
  failures: { n: number; fate: DemoFate; message: string }[];
}

/**
 * DEMO_ORDERS: default 500 (under 1 s an order on PGlite: a fresh start is done in about 7
 * minutes; see README), 0 disables; under NODE_ENV=test only when set explicitly.
 */
export function demoOrderCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DEMO_ORDERS;
  if (raw === undefined || raw === '') return (env.NODE_ENV ?? '').toLowerCase() === 'test' ? 0 : 500;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`DEMO_ORDERS must be a whole number ≥ 0, not "${raw}"`);
  return n;
}

/** Places `count` demo orders unless an earlier run did; resumes an interrupted run where it stopped. */
export async function seedDemoOrders(host: CenterHost, options: DemoOrdersOptions): Promise<DemoOrdersResult> {
  return whileTimeTravelling(async () => {
    const result = await seedAll(host, options);
    // Follow-up events (a payment's stock commit, say) are handled before the sweeps resume.
    await host.bus?.drain().catch((error: Error) => log.error('demo orders: events not all handled yet', { message: error.message }));
    return result;
  });
}

async function seedAll(host: CenterHost, options: DemoOrdersOptions): Promise<DemoOrdersResult> {
  const result: DemoOrdersResult = { placed: 0, skipped: 0, failed: 0, failures: [] };
  if (options.count <= 0) return result;
  const db = host.database.forCenter('demo-orders');
  await db.execute(
    sql`create table if not exists public.demo_orders_seeded (n integer primary key, fate text not null, order_id text, seeded_at timestamptz not null default now())`,
  );
  const doneRows = (await db.execute(sql`select n from public.demo_orders_seeded`)) as unknown as { rows?: { n: number }[] } & { n: number }[];
  const done = new Set((doneRows.rows ?? doneRows).map((r) => Number(r.n)));
  const now = (options.now ?? new Date()).getTime();
  const skus = await buyableSkus(host);
  // Null in a database seeded before it existed: those orders are then ordinary ones.
  const crossBorder = await crossBorderSku(host);
  const started = Date.now();
  for (let n = 0; n < options.count; n++) {
    if (done.has(n)) {
      result.skipped++;
      continue;
    }
    const crossBorderFate = crossBorder ? demoCrossBorderFate(n) : null;
    const fate = crossBorderFate ?? demoFate(n);
    try {
      const orderId = await playOrder(host, n, fate, skus, placedAt(n, options.count, now), now, crossBorderFate ? crossBorder : null);
      // Marked only when its life was played through: a failed one is tried again on the next start.
      await db.execute(sql`insert into public.demo_orders_seeded (n, fate, order_id) values (${n}, ${fate}, ${orderId}) on conflict do nothing`);
      result.placed++;
    } catch (error) {
      result.failed++;
      const { message, stack } = error as Error;
      result.failures.push({ n, fate, message });
      log.error('demo order failed; it is tried again on the next start', { n, fate, message, stack });
    }
    if ((n + 1) % 50 === 0 || n + 1 === options.count)
      log.info('demo orders', { done: n + 1, of: options.count, failed: result.failed, seconds: Math.round((Date.now() - started) / 1000) });
  }
  return result;
}

/** Spread over the last 90 days, oldest first, in Asia/Shanghai business hours (09:00-21:00, UTC+8). */
function placedAt(n: number, count: number, now: number): number {
  const daysAgo = DAYS - Math.floor((n * DAYS) / count);
  const shanghaiMidnight = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  const minute = (n * 7919) % (12 * 60);
  return shanghaiMidnight - daysAgo * DAY + 9 * HOUR + minute * 60_000;
}

type Sku = { id: string; shopId: string; left: number };

/** Domestic physical SKUs on sale with the stock one warehouse holds (an order ships from one warehouse). */
async function buyableSkus(host: CenterHost): Promise<Sku[]> {
  const found: Sku[] = [];
  for (let s = 1; s <= DEMO_SHOP_COUNT; s++) {
    const shopId = demoShopId(s);
    const data = await run<{ skus: { nodes: { id: string; status: string; crossBorderMode: string | null; spu: { status: string; productType: string } }[] } }>(
      host,
      'catalog',
      ADMIN,
      'query($shop: ID!) { skus(first: 100, filter: { shopId: $shop }) { nodes { id status crossBorderMode spu { status productType } } } }',
      { shop: shopId },
    );
    const stock = await run<{ stockLevels: { nodes: { sku: { id: string }; available: number }[] } }>(
      host,
      'inventory',
      ADMIN,
      'query($shop: ID!) { stockLevels(first: 100, filter: { shopId: $shop }) { nodes { sku { id } available } } }',
      { shop: shopId },
    );
    const available = new Map<string, number>();
    for (const level of stock.stockLevels.nodes) available.set(level.sku.id, Math.max(available.get(level.sku.id) ?? 0, level.available));
    for (const sku of data.skus.nodes)
      // A cross-border SKU only with a buyer identity: crossBorderSku.
      if (
        sku.status === 'ACTIVE' &&
        !sku.crossBorderMode &&
        sku.spu.status === 'ON_SALE' &&
        sku.spu.productType === 'PHYSICAL' &&
        (available.get(sku.id) ?? 0) > 2
      )
        found.push({ id: sku.id, shopId, left: (available.get(sku.id) ?? 0) - 2 });
  }
  if (!found.length) throw new Error('no SKU on sale with stock to place demo orders with');
  return found;
}

/** The demo cross-border SKU with its stock, when it is seeded, on sale and stocked. */
async function crossBorderSku(host: CenterHost): Promise<Sku | null> {
  const { sku } = await run<{
    sku: { id: string; status: string; crossBorderMode: string | null; shop: { id: string }; spu: { status: string } } | null;
  }>(host, 'catalog', ADMIN, 'query($id: ID!) { sku(id: $id) { id status crossBorderMode shop { id } spu { status } } }', {
    id: DEMO_CROSS_BORDER_SKU_ID,
  });
  if (!sku?.crossBorderMode || sku.status !== 'ACTIVE' || sku.spu.status !== 'ON_SALE') return null;
  const stock = await run<{ stockLevels: { nodes: { available: number }[] } }>(
    host,
    'inventory',
    ADMIN,
    'query($sku: ID!) { stockLevels(first: 10, filter: { skuId: $sku }) { nodes { available } } }',
    { sku: sku.id },
  );
  const available = Math.max(0, ...stock.stockLevels.nodes.map((level) => level.available));
  return available > 2 ? { id: sku.id, shopId: sku.shop.id, left: available - 2 } : null;
}

/** The n-th order's SKU: round the shops and SKUs, skipping those whose stock the earlier orders used up. */
function pickSku(skus: Sku[], n: number, quantity: number): Sku {
  for (let k = 0; k < skus.length; k++) {
    const sku = nth(skus, n * 31 + k);
    if (sku.left >= quantity) {
      sku.left -= quantity;
      return sku;
    }
  }
  throw new Error('the demo SKUs are out of stock');
}

const ADMIN: TokenInput = { role: 'ADMIN', staffId: demoPlatformStaffId('SUPER_ADMIN'), subject: 'demo-orders' };
const customer = (n: number): TokenInput => ({ role: 'CUSTOMER', memberId: demoMemberId(1 + (n % MEMBERS)), subject: 'demo-orders' });

/** Real names as on the ID card of the demo members 1..15 (members' demo seed; 16.. repeat them), English-named ones included. */
const REAL_NAMES = ['王小明', '张丽', '李雷', '韩梅梅', '刘凯文', '陈晓', '赵雪', '王思雨', '孙浩', '周婷', '黄涛', '吴敏', '郑凯', '林安娜', '冯磊'];
/** Counties the demo ID numbers are issued in: 西湖区, 浦东新区, 南山区, 朝阳区, 武侯区, 鼓楼区 (南京), 洪山区. */
const ID_REGIONS = ['330106', '310115', '440305', '110105', '510107', '320106', '420111'];

/**
 * The cross-border buyer (订购人) of demo member m (1..60): a real name and a valid-format resident ID
 * number (GB 11643: region, date of birth, sequence, MOD 11-2 check character), the same every run.
 * Made up: they name no one.
 */
export function demoBuyerIdentity(m: number): { realName: string; idNumber: string } {
  const birth = `${1970 + ((m * 7) % 32)}${String(1 + ((m * 5) % 12)).padStart(2, '0')}${String(1 + ((m * 11) % 28)).padStart(2, '0')}`;
  const first17 = `${nth(ID_REGIONS, m)}${birth}${String(100 + m).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * nth(weights, i), 0);
  return { realName: nth(REAL_NAMES, m - 1), idNumber: first17 + nth([...'10X98765432'], sum % 11) };
}

/** One order's life; each step as at its own time, stopping at the first step that would be in the future. */
async function playOrder(host: CenterHost, n: number, fate: DemoFate, skus: Sku[], placed: number, now: number, crossBorder: Sku | null): Promise<string> {
  let buyerN = n;
  let buyer = customer(buyerN);
  // A cross-border order: one unit of the cross-border SKU, with the buyer's identity.
  const quantity = crossBorder ? 1 : n % 3 === 0 ? 2 : 1;
  let sku = crossBorder ? takeCrossBorder(crossBorder) : pickSku(skus, n, quantity);
  let key = `demo-order-${n}`;
  const region = nth(REGIONS, n);
  const address = {
    receiver: `演示客户${(n % MEMBERS) + 1}`,
    phone: `+86 138 0000 ${String(n % 10000).padStart(4, '0')}`,
    ...region,
    detail: `演示路 ${n + 1} 号`,
  };
  const at = <T>(time: number, step: () => Promise<T>) => withTimeAt(new Date(time), step);
  // Some orders use a coupon (claimed just before) or points, so coupon performance and discounts show something.
  let couponCode = n % 5 === 2 ? await at(placed - 60_000, () => claimDemoCoupon(host, buyer)) : null;
  let pointsToUse = n % 5 === 4 ? 100 : 0;
  const place = () =>
    mutate<{ placeOrder: { checkout: { id: string; paymentId: string }; orders: { id: string; lines: { id: string; quantity: number }[] }[] } }>(
      host,
      'orders',
      buyer,
      'placeOrder',
      `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id paymentId } orders { id lines { id quantity } } userErrors { field code message } } }`,
      {
        input: {
          idempotencyKey: key,
          lines: [{ skuId: sku.id, quantity }],
          address,
          couponCode,
          pointsToUse,
          ...(crossBorder ? { buyerIdentity: demoBuyerIdentity(1 + (buyerN % MEMBERS)) } : {}),
        },
      },
    );
  const placedOrder = await at(placed, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await place();
      } catch (error) {
        const { message } = error as Error;
        if (attempt >= 4) throw error;
        // A frozen demo member: the next one buys instead.
        if (message.includes('INACTIVE')) buyer = customer((buyerN = n + attempt * 7));
        // A coupon that does not fit the cart (a flash-sale line) or points the member lacks: without them.
        else if (couponCode && /OUT_OF_SCOPE|BELOW_THRESHOLD|EXPIRED|IN_USE|NOT_FOUND/.test(message)) couponCode = null;
        else if (pointsToUse && message.includes('INSUFFICIENT_POINTS')) pointsToUse = 0;
        // A flash-sale SKU this member already bought up to its limit: another SKU.
        else if (message.includes('LIMIT_REACHED') && !crossBorder) {
          sku.left += quantity;
          sku = pickSku(skus, n + attempt * 13, quantity);
        }
        // The checkout was ended under it (a stuck-checkout sweep in another process): again, as a new checkout.
        else if (!message.includes('CHECKOUT_FAILED')) throw error;
        log.warn('demo order placed again', { n, attempt, because: message });
        key = `demo-order-${n}-${attempt}`;
      }
    }
  });
  const { checkout } = placedOrder.placeOrder;
  const order = nth(placedOrder.placeOrder.orders, 0);
  if (fate === 'TIMEOUT') {
    const timeout = Number(process.env.ORDER_PAYMENT_TIMEOUT_SECONDS ?? 1800) * 1000;
    await at(placed + timeout + 60_000, async () => {
      const ctx = await host.contextFor('orders', { role: 'SERVICE', subject: 'system:orders' });
      const closeUnpaid = host.center('orders').definition.jobs?.closeUnpaid;
      if (!closeUnpaid) throw new Error('orders has no closeUnpaid job');
      await closeUnpaid.handler(ctx, { checkoutId: checkout.id });
    });
    return order.id;
  }
  if (fate === 'CANCELLED') {
    await at(placed + (5 + (n % 20)) * 60_000, () =>
      mutate(host, 'orders', buyer, 'cancelOrder', 'mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { userErrors { field code message } } }', {
        input: { orderId: order.id, reason: '不想要了 changed my mind' },
      }),
    );
    return order.id;
  }
  const paid = placed + (2 + (n % 25)) * 60_000;
  if (paid > now) return order.id;
  await at(paid, () => payInSandbox(host, checkout.paymentId));
  await statusOf(host, order.id, ['PAID']);
  if (fate === 'PAID') return order.id;
  if (fate === 'REFUND_ONLY') {
    const filed = placed + 3 * HOUR;
    if (filed > now) return order.id;
    const line = nth(order.lines, 0);
    const request = await at(filed, () =>
      mutate<{ fileAfterSaleRequest: { request: { id: string } } }>(
        host,
        'aftersales',
        buyer,
        'fileAfterSaleRequest',
        'mutation($input: FileAfterSaleRequestInput!) { fileAfterSaleRequest(input: $input) { request { id } userErrors { field code message } } }',
        {
          input: { orderId: order.id, orderLineId: line.id, type: 'REFUND_ONLY', quantity: line.quantity, reasonCode: nth(REFUND_REASONS, Math.floor(n / 20)) },
        },
      ),
    );
    await at(filed + HOUR, () =>
      mutate(
        host,
        'aftersales',
        ADMIN,
        'approveAfterSaleRequest',
        'mutation($input: DecideAfterSaleRequestInput!) { approveAfterSaleRequest(input: $input) { userErrors { field code message } } }',
        {
          input: { id: request.fileAfterSaleRequest.request.id, reason: '同意 agreed' },
        },
      ),
    );
    await statusOf(host, order.id, ['REFUNDED', 'CANCELLED', 'CLOSED']);
    return order.id;
  }
  // A cross-border order ships once customs cleared it: the sandbox's officer decides within hours.
  if (crossBorder) {
    const cleared = paid + (1 + (n % 3)) * HOUR;
    if (cleared > now) return order.id;
    await clearCustoms(host, order.id, cleared);
  }
  const shipped = paid + (4 + (n % 20)) * HOUR;
  if (shipped > now) return order.id;
  await at(shipped, () => shipFromWarehouse(host, order.id, n));
  await statusOf(host, order.id, ['SHIPPED']);
  if (fate === 'SHIPPED') return order.id;
  const shipments = await shipmentsOf(host, order.id);
  let step = shipped;
  for (let hop = 0; hop < 6; hop++) {
    step += (10 + (n % 14)) * HOUR;
    if (step > now) return order.id;
    const progress = await at(step, async () => {
      const ctx = await host.contextFor('fulfillment', ADMIN);
      let last: string | null = null;
      for (const id of shipments) last = await advanceSandboxShipmentInProcess(ctx, id);
      return last;
    });
    if (progress === 'DELIVERED' || progress === null) break;
  }
  await statusOf(host, order.id, ['DELIVERED']);
  if (fate === 'DELIVERED') return order.id;
  if (fate === 'RETURNED' || fate === 'EXCHANGED') {
    const filed = step + 2 * HOUR;
    if (filed + 6 * HOUR <= now) await returnParcel(host, buyer, order, fate, n, filed);
    return order.id;
  }
  const confirmed = step + (1 + (n % 3)) * DAY;
  if (confirmed > now) return order.id;
  await at(confirmed, () =>
    mutate(
      host,
      'orders',
      buyer,
      'confirmReceipt',
      'mutation($input: ConfirmReceiptInput!) { confirmReceipt(input: $input) { userErrors { field code message } } }',
      {
        input: { orderId: order.id },
      },
    ),
  );
  await statusOf(host, order.id, ['COMPLETED']);
  const priceProtection = confirmed + DAY;
  if (fate === 'PARTIAL_REFUND' && priceProtection <= now) {
    const line = nth(order.lines, 0);
    await at(priceProtection, () =>
      mutate(host, 'orders', ADMIN, 'refundOrder', 'mutation($input: RefundOrderInput!) { refundOrder(input: $input) { userErrors { field code message } } }', {
        input: {
          orderId: order.id,
          idempotencyKey: `demo-price-protection-${n}`,
          reason: '价保 price protection',
          lines: [{ orderLineId: line.id, amount: { amount: '1.00', currencyCode: 'CNY' } }],
        },
      }),
    );
  }
  return order.id;
}

/** Claims the demo coupon for the buyer; null when the buyer may not (one per member). */
async function claimDemoCoupon(host: CenterHost, buyer: TokenInput): Promise<string | null> {
  const data = await run<{ claimCoupon: { coupon: { code: string } | null; userErrors: unknown[] } }>(
    host,
    'marketing',
    buyer,
    'mutation($input: ClaimCouponInput!) { claimCoupon(input: $input) { coupon { code } userErrors { code } } }',
    { input: { templateId: DEMO_COUPON_TEMPLATE } },
  );
  return data.claimCoupon.coupon?.code ?? null;
}

/**
 * 退货退款 or 换货 on a delivered order: filed, approved, the parcel sent back; a return is then
 * received and put away at the warehouse and refunded. An exchange stops with its parcel on the way
 * (its replacement would ship from the warehouse again).
 */
async function returnParcel(
  host: CenterHost,
  buyer: TokenInput,
  order: { id: string; lines: { id: string; quantity: number }[] },
  fate: 'RETURNED' | 'EXCHANGED',
  n: number,
  filed: number,
): Promise<void> {
  const at = <T>(time: number, step: () => Promise<T>) => withTimeAt(new Date(time), step);
  const line = nth(order.lines, 0);
  const type = fate === 'RETURNED' ? 'RETURN_REFUND' : 'EXCHANGE';
  const reasonCode = fate === 'RETURNED' ? 'QUALITY' : 'SIZE_FIT';
  const request = await at(filed, () =>
    mutate<{ fileAfterSaleRequest: { request: { id: string } } }>(
      host,
      'aftersales',
      buyer,
      'fileAfterSaleRequest',
      'mutation($input: FileAfterSaleRequestInput!) { fileAfterSaleRequest(input: $input) { request { id } userErrors { field code message } } }',
      { input: { orderId: order.id, orderLineId: line.id, type, quantity: line.quantity, reasonCode } },
    ),
  );
  const id = request.fileAfterSaleRequest.request.id;
  await at(filed + HOUR, () =>
    mutate(
      host,
      'aftersales',
      ADMIN,
      'approveAfterSaleRequest',
      'mutation($input: DecideAfterSaleRequestInput!) { approveAfterSaleRequest(input: $input) { userErrors { field code message } } }',
      { input: { id, reason: '同意 agreed' } },
    ),
  );
  await at(filed + 2 * HOUR, () =>
    mutate(
      host,
      'aftersales',
      buyer,
      'submitAfterSaleReturnShipment',
      'mutation($input: SubmitAfterSaleReturnShipmentInput!) { submitAfterSaleReturnShipment(input: $input) { userErrors { field code message } } }',
      { input: { id, carrierCode: 'SF', trackingNumber: `SFDEMO${String(n).padStart(6, '0')}` } },
    ),
  );
  if (fate === 'EXCHANGED') return;
  const receipt = await eventually(`the return receipt of ${id}`, async () => {
    const data = await run<{ afterSaleRequest: { returnReceiptId: string | null } }>(
      host,
      'aftersales',
      ADMIN,
      'query($id: ID!) { afterSaleRequest(id: $id) { returnReceiptId } }',
      { id },
    );
    return data.afterSaleRequest.returnReceiptId ?? undefined;
  });
  const { afterSaleRequest } = await run<{ afterSaleRequest: { sku: { id: string } } }>(
    host,
    'aftersales',
    ADMIN,
    'query($id: ID!) { afterSaleRequest(id: $id) { sku { id } } }',
    { id },
  );
  await at(filed + 5 * HOUR, async () => {
    await mutate(
      host,
      'inventory',
      ADMIN,
      'receiveInboundReceipt',
      'mutation($input: ReceiveInboundReceiptInput!) { receiveInboundReceipt(input: $input) { userErrors { field code message } } }',
      { input: { id: receipt, lines: [{ skuId: afterSaleRequest.sku.id, quantity: line.quantity, quality: 'GOOD' }] } },
    );
    await mutate(
      host,
      'inventory',
      ADMIN,
      'putAwayInboundReceipt',
      'mutation($id: ID!) { putAwayInboundReceipt(input: { id: $id }) { userErrors { field code message } } }',
      { id: receipt },
    );
  });
  await eventually(`the return ${id} refunded`, async () => {
    const data = await run<{ afterSaleRequest: { status: string } }>(host, 'aftersales', ADMIN, 'query($id: ID!) { afterSaleRequest(id: $id) { status } }', {
      id,
    });
    return data.afterSaleRequest.status === 'REFUNDED' ? true : undefined;
  });
}

/** One unit of the cross-border SKU (its stock kept apart from the others'). */
function takeCrossBorder(sku: Sku): Sku {
  if (sku.left < 1) throw new Error('the demo cross-border SKU is out of stock');
  sku.left -= 1;
  return sku;
}

/**
 * 清关: once the order's declaration is SUBMITTED (the orders center's job, after the payment), the
 * customs sandbox's signed CLEARED receipt, handed to the orders center's own receipt hook in this
 * process and as at `at`, as the payment callback is (sandboxDecideCustoms would post it over HTTP,
 * out of this time scope). CustomsCleared then lets fulfillment ask the warehouse for the goods.
 */
async function clearCustoms(host: CenterHost, orderId: string, at: number): Promise<void> {
  type Declaration = { id: string; status: string; adapter: string; customsReference: string | null };
  const declaration = await eventually(`the customs declaration of ${orderId} submitted`, async () => {
    const data = await run<{ order: { crossBorder: { customsDeclaration: Declaration | null } | null } }>(
      host,
      'orders',
      ADMIN,
      'query($id: ID!) { order(id: $id) { crossBorder { customsDeclaration { id status adapter customsReference } } } }',
      { id: orderId },
    );
    const found = data.order.crossBorder?.customsDeclaration;
    return found?.status === 'SUBMITTED' && found.customsReference ? { ...found, customsReference: found.customsReference } : undefined;
  });
  if (declaration.adapter !== 'sandbox') throw new Error(`the declaration of ${orderId} went to ${declaration.adapter}, not the customs sandbox`);
  const receipt = signedCustomsReceipt({ declarationId: declaration.id, customsReference: declaration.customsReference, outcome: 'CLEARED', reason: null });
  const answer = await withTimeAt(new Date(at), () =>
    host.center('orders').handleRoute('POST', '/customs/sandbox/receipt', { rawBody: receipt.rawBody, headers: receipt.headers, query: new URLSearchParams() }),
  );
  const body = answer?.body as { status?: string } | undefined;
  if (answer?.status !== 200 || body?.status !== 'CLEARED')
    throw new Error(`the customs receipt was answered ${answer?.status}: ${JSON.stringify(answer?.body)}`);
}

/** The sandbox provider's signed success callback, handed to the payments center's own hook in this process. */
async function payInSandbox(host: CenterHost, paymentId: string): Promise<void> {
  const { payment } = await run<{ payment: { providerPaymentId: string; amount: { amount: string; currencyCode: string } } }>(
    host,
    'payments',
    ADMIN,
    'query($id: ID!) { payment(id: $id) { providerPaymentId amount { amount currencyCode } } }',
    { id: paymentId },
  );
  const callback = signedSandboxCallback({
    type: 'payment.succeeded',
    providerPaymentId: payment.providerPaymentId,
    amount: minorUnits(payment.amount.amount),
    currency: payment.amount.currencyCode,
  });
  const answer = await host
    .center('payments')
    .handleRoute('POST', '/sandbox/callback', { rawBody: callback.rawBody, headers: callback.headers, query: new URLSearchParams() });
  if (answer?.status !== 200) throw new Error(`the sandbox payment callback was answered ${answer?.status}: ${JSON.stringify(answer?.body)}`);
}

/** "12.30" -> "1230": the callback speaks minor units (CNY has two decimals). */
const minorUnits = (decimal: string) => {
  const [whole, fraction = ''] = decimal.split('.');
  return (BigInt(whole ?? '0') * 100n + BigInt((fraction + '00').slice(0, 2))).toString();
};

async function shipFromWarehouse(host: CenterHost, orderId: string, n: number): Promise<void> {
  const outbound = await eventually(`an outbound order for ${orderId}`, async () => {
    const data = await run<{ outboundOrders: { nodes: { id: string }[] } }>(
      host,
      'inventory',
      ADMIN,
      'query($o: ID!) { outboundOrders(first: 5, filter: { orderId: $o }) { nodes { id } } }',
      { o: orderId },
    );
    return data.outboundOrders.nodes[0];
  });
  for (const step of ['pickOutboundOrder', 'packOutboundOrder'])
    await mutate(host, 'inventory', ADMIN, step, `mutation($id: ID!) { ${step}(input: { id: $id }) { userErrors { field code message } } }`, {
      id: outbound.id,
    });
  await mutate(
    host,
    'inventory',
    ADMIN,
    'shipOutboundOrder',
    'mutation($id: ID!, $no: String!) { shipOutboundOrder(input: { id: $id, carrierCode: "SANDBOX", trackingNumber: $no }) { userErrors { field code message } } }',
    { id: outbound.id, no: `SBDEMO${String(n).padStart(6, '0')}` },
  );
}

async function shipmentsOf(host: CenterHost, orderId: string): Promise<string[]> {
  return eventually(`shipments of ${orderId}`, async () => {
    const data = await run<{ shipments: { nodes: { id: string }[] } }>(
      host,
      'fulfillment',
      ADMIN,
      'query($o: ID!) { shipments(first: 10, filter: { orderId: $o }) { nodes { id } } }',
      { o: orderId },
    );
    return data.shipments.nodes.length ? data.shipments.nodes.map((s) => s.id) : undefined;
  });
}

/** Waits (real time) until the order reaches one of `statuses`: the steps between run in event handlers. */
async function statusOf(host: CenterHost, orderId: string, statuses: string[]): Promise<string> {
  return eventually(`order ${orderId} ${statuses.join('/')}`, async () => {
    const data = await run<{ order: { status: string } }>(host, 'orders', ADMIN, 'query($id: ID!) { order(id: $id) { status } }', { id: orderId });
    return statuses.includes(data.order.status) ? data.order.status : undefined;
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(wait);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run<T>(host: CenterHost, center: string, token: TokenInput, query: string, variables: Record<string, unknown>): Promise<T> {
  const headers = new Headers({ authorization: `Bearer ${await host.tokens.sign(token)}` });
  const result = await host.center(center).execute({ query, variables }, headers);
  if (result.errors?.length) throw new Error(`${center}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.data as T;
}

async function mutate<T = unknown>(
  host: CenterHost,
  center: string,
  token: TokenInput,
  field: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = await run<Record<string, { userErrors?: { code: string; message: string }[] }>>(host, center, token, query, variables);
  const refused = data[field]?.userErrors ?? [];
  if (refused.length) throw new Error(`${field}: ${refused.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  return data as T;
}
