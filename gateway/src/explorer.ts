import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { businessDay } from '@zhongtai/kit';

/**
 * GraphiQL served from our own node_modules (graphiql 3's browser bundle on React 18 UMD): the
 * explorer works on a machine with no internet. Example tabs carry dev tokens per role outside
 * production, so a new user can run a query in their first minute.
 */
export interface ExplorerOptions {
  /** Role name -> bearer token for the example tabs; empty in production. */
  tokens: () => Promise<Record<string, string>>;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; contentType: string }> = {
  'graphiql.min.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  'react.production.min.js': { file: () => join(packageDir('react'), 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': {
    file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
};

const cache = new Map<string, Buffer>();

export function explorerAsset(name: string): { body: Buffer; contentType: string } | undefined {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(asset.file())));
  return { body, contentType: asset.contentType };
}

/**
 * The analytics center's aggregate (issue 15), in one place: the ADMIN, MERCHANT and ANALYST tabs
 * use it, and tests/explorer.test.ts runs it once `salesSummary` is in the composed API.
 */
export const SALES_BY_DAY = `query SalesByDay($from: String!, $to: String!) { salesSummary(filter: {from: $from, to: $to}, groupBy: [DAY, SHOP]) { rows { keys { day shop { id name } } figures { gmv { amount currencyCode } net { amount currencyCode } orders units } } totals { gmv { amount currencyCode } net { amount currencyCode } orders units buyers } source } }`;

export type ExplorerRole = 'ADMIN' | 'MERCHANT' | 'ANALYST' | 'CUSTOMER';
export const EXPLORER_ROLES: readonly ExplorerRole[] = ['ADMIN', 'MERCHANT', 'ANALYST', 'CUSTOMER'];

export interface Example {
  role: ExplorerRole;
  title: string;
  query: string;
  /** Variables as the tab opens with them; `from`/`to` are filled with the last 30 days when the page is served. */
  variables?: Record<string, unknown>;
}

const lastThirtyDays = { from: '$LAST_30_DAYS_FROM', to: '$NOW' };
/** salesSummary counts business days (the business time zone's), first and last inclusive. */
const lastThirtyBusinessDays = { from: '$LAST_30_DAYS_FROM_DAY', to: '$TODAY' };

const salesByDay = (role: ExplorerRole, why: string): Example => ({
  role,
  title: `${role[0]}${role.slice(1).toLowerCase()}: sales by day and shop`,
  query: `# ${why}\n${SALES_BY_DAY}`,
  variables: lastThirtyBusinessDays,
});

/** Saved example operations, per role; each role's first one is what its explorer opens on. */
export const EXAMPLES: Example[] = [
  {
    role: 'ADMIN',
    title: 'Admin: shops and their products',
    query: `# Operators see every shop. Products come from catalog, shops from shops: one query.
query AdminShops {
  shops(first: 10) {
    totalCount
    nodes {
      id
      name
      status
      contact { name phone }
      spus(first: 3, sort: { field: UPDATED_AT, direction: DESC }) {
        nodes { name status skus { code price { amount currencyCode } } }
      }
    }
  }
}`,
  },
  {
    role: 'ADMIN',
    title: 'Admin: orders paid in a period, with their checkout and refunds',
    query: `# Every shop's orders paid since $from, newest payment first. A checkout is what the customer paid at once.
query PaidOrders($from: DateTime!, $to: DateTime!) {
  orders(first: 20, filter: { paidFrom: $from, paidTo: $to }, sort: { field: PAID_AT, direction: DESC }) {
    totalCount
    nodes {
      orderNumber
      status
      shop { name }
      payable { amount currencyCode }
      paidAt
      checkout { id payable { amount } couponCode pointsUsed }
      refunds { amount { amount } status reason }
    }
  }
}`,
    variables: lastThirtyDays,
  },
  {
    role: 'ADMIN',
    title: 'Admin: stock below safety stock',
    query: `# Stock under its safety level, in every warehouse (procurement raises alerts from the same numbers).
query LowStock {
  stockLevels(first: 20, filter: { belowSafetyStock: true }) {
    totalCount
    nodes { sku { code spu { name } } warehouse { name } shop { name } onHand reserved available safetyStock }
  }
}`,
  },
  {
    role: 'ADMIN',
    title: 'Admin: refunds and the shop orders they refund',
    query: `# Refunds through the payment provider; order is the shop order, checkout what was paid at once.
query Refunds {
  refunds(first: 20) {
    totalCount
    nodes { amount { amount currencyCode } status kind reason createdAt order { orderNumber shop { name } } checkout { id } }
  }
}`,
  },
  salesByDay('ADMIN', 'GMV and orders per day and shop (analytics center), every shop.'),
  {
    role: 'ADMIN',
    title: 'Admin: refund rate by category and reason, the order funnel',
    query: `# Every shop: refund rate per leaf category and reason, and orders placed and how far they got (business days).
query RefundsAndFunnel($from: String!, $to: String!) {
  refundRates(filter: { from: $from, to: $to }, groupBy: [CATEGORY, REASON]) { categoryId reason paid { amount currencyCode } refunded { amount } refundRate }
  orderFunnel(filter: { from: $from, to: $to }) { placed paid shipped completed ended { status reason orders } }
}`,
    variables: lastThirtyBusinessDays,
  },
  {
    role: 'ADMIN',
    title: 'Admin: the audit log',
    query: `# Every mutation staff ran, in any center, newest first; input with personal data redacted.
# The dev ADMIN token is the seeded SUPER_ADMIN (permission audit:read); a shop OWNER sees their shop only.
query AuditLog($after: String) {
  auditEntries(first: 20, after: $after, filter: { result: OK }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { at center operation staffId staffRole tokenRole shopId result codes input }
  }
}`,
  },
  {
    role: 'MERCHANT',
    title: 'Merchant: my products',
    query: `# A merchant token sees only its own shop.
query MyProducts($after: String) {
  myShop { id name }
  spus(first: 20, after: $after, filter: { status: ON_SALE }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        name
        category { name }
        skus { id code salesAttributes { name value } price { amount currencyCode } shop { name } }
      }
    }
  }
}`,
  },
  {
    role: 'MERCHANT',
    title: 'Merchant: paid orders to ship',
    query: `# My shop's orders waiting for the warehouse, oldest payment first.
query OrdersToShip {
  orders(first: 20, filter: { status: PAID }, sort: { field: PAID_AT, direction: ASC }) {
    totalCount
    nodes { orderNumber paidAt payable { amount currencyCode } address { receiver phone province city district detail } lines { skuCode spuName quantity } }
  }
}`,
  },
  {
    role: 'MERCHANT',
    title: 'Merchant: my stock',
    query: `# My SKUs' stock in every warehouse; belowSafetyStock flags what to reorder.
query MyStock {
  stockLevels(first: 50) {
    totalCount
    nodes { sku { code } warehouse { name } onHand reserved available safetyStock belowSafetyStock }
  }
}`,
  },
  {
    role: 'MERCHANT',
    title: 'Merchant: refunds and after-sales',
    query: `# Refunds of my shop's orders, and the after-sale requests they came from.
query MyRefunds {
  orders(first: 20, sort: { field: UPDATED_AT, direction: DESC }, filter: { minPayable: { amount: "0.01", currencyCode: CNY } }) {
    nodes { orderNumber status refunded { amount } refunds { amount { amount } status reason } }
  }
  afterSaleRequests(first: 20) {
    totalCount
    nodes { type status quantity refundAmount { amount } reasonCode order { orderNumber } }
  }
}`,
  },
  salesByDay('MERCHANT', 'GMV and orders per day (analytics center): a merchant sees its own shop only.'),
  {
    role: 'MERCHANT',
    title: 'Merchant: refunds by reason and the order funnel',
    query: `# The shop's refund rate by after-sale reason (CANCELLED, MERCHANT: refunds without one) and how far its orders got.
query ShopRefundsAndFunnel($from: String!, $to: String!) {
  refundRates(filter: { from: $from, to: $to }, groupBy: [REASON]) { reason paid { amount currencyCode } refunded { amount } refundRate orders refundedOrders }
  orderFunnel(filter: { from: $from, to: $to }) { placed paid shipped completed ended { status reason orders } }
  couponPerformance(filter: { from: $from, to: $to }) { templateId claimed used orders gmv { amount } discount { amount } net { amount } }
}`,
    variables: lastThirtyBusinessDays,
  },
  salesByDay('ANALYST', 'The analyst’s start: GMV, orders and units per day and shop over the last 30 days (analytics center).'),
  {
    role: 'ANALYST',
    title: 'Analyst: refund rate by shop and reason',
    query: `# Refunds on the day they succeeded over sales on the day they were paid (business days), per shop and after-sale reason.
query RefundRates($from: String!, $to: String!) {
  refundRates(filter: { from: $from, to: $to }, groupBy: [SHOP, REASON]) {
    shop { name }
    reason
    paid { amount currencyCode }
    refunded { amount }
    refundRate
    orders
    refundedOrders
  }
}`,
    variables: lastThirtyBusinessDays,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: coupons and campaigns',
    query: `# Coupon templates (claimed, used, the sales their coupons discounted) and campaigns (their promotions' and flash sales' sales).
query CouponsAndCampaigns($from: String!, $to: String!) {
  couponPerformance(filter: { from: $from, to: $to }) {
    templateId claimed used orders gmv { amount currencyCode } discount { amount } netOfDiscount { amount } net { amount }
  }
  campaignPerformance(filter: { from: $from, to: $to }) { campaignId orders units gmv { amount currencyCode } discount { amount } net { amount } }
}`,
    variables: lastThirtyBusinessDays,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: new and returning buyers, the order funnel',
    query: `# Buyers per week, new in the week of their first purchase; orders placed and how far they got.
query CohortsAndFunnel($from: String!, $to: String!) {
  buyerCohorts(filter: { from: $from, to: $to }, period: WEEK) { period buyers newBuyers returningBuyers newBuyersPaid { amount currencyCode } returningBuyersPaid { amount } }
  orderFunnel(filter: { from: $from, to: $to }) { placed paid shipped completed ended { status reason orders } }
}`,
    variables: lastThirtyBusinessDays,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: orders paid in a period',
    query: `# Read-only, across shops. Receiver, phone and street come masked for analysts; region stays whole.
query PaidInPeriod($from: DateTime!, $to: DateTime!) {
  orders(first: 20, filter: { paidFrom: $from, paidTo: $to }, sort: { field: PAID_AT, direction: DESC }) {
    totalCount
    nodes {
      orderNumber
      status
      type
      shop { name }
      paidAt
      payable { amount currencyCode }
      discountTotal { amount }
      refunded { amount }
      address { receiver phone province city district detail }
      member { name phone level { name } }
    }
  }
}`,
    variables: lastThirtyDays,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: refunds with their shop orders',
    query: `# Every refund, with the shop order it refunds (null for a late payment returned whole).
query RefundsByOrder {
  refunds(first: 50) {
    totalCount
    nodes { amount { amount currencyCode } status kind reason succeededAt order { orderNumber shop { name } payable { amount } } }
  }
}`,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: stock across shops',
    query: `# Stock by SKU and warehouse, across shops.
query StockAcrossShops {
  stockLevels(first: 50) {
    totalCount
    nodes { sku { code spu { name } } shop { name } warehouse { name } onHand reserved available }
  }
}`,
  },
  {
    role: 'ANALYST',
    title: 'Analyst: SKUs by shop',
    query: `# Analysts read across shops; they cannot change anything.
query SkusByShop {
  skus(first: 50, sort: { field: CREATED_AT, direction: DESC }) {
    totalCount
    nodes { code price { amount currencyCode } spu { name status } shop { name status } }
  }
}`,
  },
  {
    role: 'CUSTOMER',
    title: 'Customer: my orders',
    query: `# The signed-in customer's orders, newest first (the demo member's token).
query MyOrders {
  myOrders(first: 10) {
    totalCount
    nodes { id orderNumber status shop { name } payable { amount currencyCode } lines { spuName skuCode quantity finalAmount { amount } sku { id } } }
  }
}`,
  },
  {
    role: 'CUSTOMER',
    title: 'Customer: place an order',
    query: `# Put a SKU id from the storefront (products { nodes { skus { id } } }) in the variables; the same idempotency key places once.
mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    checkout { id payable { amount currencyCode } payment { id status action { url code } } }
    orders { orderNumber status shop { name } payable { amount } }
    userErrors { field code message }
  }
}`,
    variables: {
      input: {
        idempotencyKey: 'explorer-1',
        lines: [{ skuId: '<a SKU id>', quantity: 1 }],
        address: { receiver: '张伟', phone: '13800000001', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' },
      },
    },
  },
  {
    role: 'CUSTOMER',
    title: 'Customer: my after-sales',
    query: `# My return, refund and exchange requests and where they stand.
query MyAfterSales {
  myAfterSaleRequests(first: 10) {
    totalCount
    nodes { type status quantity reasonCode refundAmount { amount } order { orderNumber } createdAt }
  }
}`,
  },
  {
    role: 'CUSTOMER',
    title: 'Customer: my points',
    query: `# My points balance and its ledger, newest first.
query MyPoints {
  me { name pointsBalance level { name } pointsEntries(first: 20) { nodes { kind points remaining expiresAt reason createdAt } } }
}`,
  },
];

/** The name an example's operation is run by (`query SalesByDay(...)` -> SalesByDay). */
export const operationName = (example: Example): string | undefined => /\b(?:query|mutation)\s+(\w+)/.exec(example.query)?.[1];

/**
 * The tabs of `role` first, then every other role's; the explorer opens on the first, which is
 * `operation` when one of them is named so (a link to a saved operation).
 */
export function examplesFor(role: ExplorerRole | null, operation: string | null = null): Example[] {
  const ordered = role ? [...EXAMPLES.filter((e) => e.role === role), ...EXAMPLES.filter((e) => e.role !== role)] : EXAMPLES;
  const chosen = operation ? ordered.find((e) => operationName(e) === operation && (!role || e.role === role)) : undefined;
  return chosen ? [chosen, ...ordered.filter((e) => e !== chosen)] : ordered;
}

export function parseExplorerRole(value: string | null): ExplorerRole | null {
  const role = value?.toUpperCase();
  return EXPLORER_ROLES.find((r) => r === role) ?? null;
}

/** An example's variables as its tab opens with them at `now` (the period placeholders filled in). */
export function exampleVariables(example: Example, now: Date): Record<string, unknown> | undefined {
  const text = variablesText(example.variables, now);
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

function variablesText(variables: Record<string, unknown> | undefined, now: Date): string | undefined {
  if (!variables) return undefined;
  const from = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  return JSON.stringify(variables, null, 2)
    .replace('"$LAST_30_DAYS_FROM_DAY"', JSON.stringify(businessDay(from)))
    .replace('"$TODAY"', JSON.stringify(businessDay(now)))
    .replace('"$LAST_30_DAYS_FROM"', JSON.stringify(from))
    .replace('"$NOW"', JSON.stringify(now.toISOString()));
}

/**
 * `role` (from `?role=ANALYST`) opens the explorer on that role's tabs (`&operation=SalesByDay` on
 * that saved operation). Each such page keeps its own tabs in the browser's storage, so tabs
 * edited as one role never hide another's examples, nor a link's operation.
 */
export async function explorerPage(
  options: ExplorerOptions,
  role: ExplorerRole | null = null,
  operation: string | null = null,
  now = new Date(),
): Promise<string> {
  const tokens = await options.tokens();
  const tabs = examplesFor(role, operation).map((e) => ({
    query: e.query,
    variables: variablesText(e.variables, now),
    headers: JSON.stringify(tokens[e.role] ? { Authorization: `Bearer ${tokens[e.role]}` } : { Authorization: 'Bearer <token>' }, null, 2),
  }));
  // JSON inside <script>: escape "<" so no string can close the tag.
  const config = JSON.stringify({ tabs, storageNamespace: `zhongtai:${role ?? 'ALL'}:${operation ?? ''}:` }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>zhongtai · GraphQL explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="stylesheet" href="/explorer/graphiql.min.css" />
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.production.min.js"></script>
<script src="/explorer/react-dom.production.min.js"></script>
<script src="/explorer/graphiql.min.js"></script>
<script>
  const config = ${config};
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const ns = config.storageNamespace;
  const storage = {
    getItem: (key) => localStorage.getItem(ns + key),
    setItem: (key, value) => localStorage.setItem(ns + key, value),
    removeItem: (key) => localStorage.removeItem(ns + key),
    clear: () => Object.keys(localStorage).filter((k) => k.startsWith(ns)).forEach((k) => localStorage.removeItem(k)),
    get length() { return Object.keys(localStorage).filter((k) => k.startsWith(ns)).length; },
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      storage,
      defaultTabs: config.tabs,
      // The header editor starts from this prop, not from the first tab's headers.
      headers: config.tabs[0].headers,
      variables: config.tabs[0].variables,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }),
  );
</script>
</body>
</html>`;
}
