import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { businessTimeZone, demoPlatformStaffId, loadConfig } from '@zhongtai/kit';
import { startAllInOne } from '@zhongtai/gateway';

/**
 * `npx tsx bench/src/analytics.ts [--month 2026-10] [--repeat 15] [--rebuild]` on a seeded scale
 * (`pnpm seed --scale medium|large`, DATABASE_URL): the analytics center's answers against the
 * SQL floor of today's data model, the same GROUP BY over the orders tables.
 *
 * 1. The read model is filled by the center's own rebuild (`rebuildSalesFacts`, the job paging the
 *    orders and payments centers), started through the graph when it has no facts yet (or with
 *    `--rebuild`); its time is printed.
 * 2. A month's `salesSummary` by DAY x SHOP and `topSkus(first: 50)`, through the all-in-one
 *    gateway over HTTP as an ANALYST, one request at a time, `--repeat` times after one warm-up;
 *    the floor's SQL the same way with postgres.js. Medians and the ratio are printed.
 * 3. Both must give the same numbers (every row of the month compared); a difference stops it.
 * 4. With `--export`: every fact of the data set exported as CSV through the graph (startSalesExport,
 *    salesExport's progress, the signed URL on the gateway), the file's lines counted as it streams
 *    in, and the peak RSS of this process (gateway, centers and the export job) while it ran.
 */
const { values } = parseArgs({
  options: {
    month: { type: 'string', default: '2026-10' },
    repeat: { type: 'string', default: '15' },
    rebuild: { type: 'boolean', default: false },
    port: { type: 'string', default: '24015' },
    export: { type: 'boolean', default: false },
  },
});
// One client asking in turn: the leaky bucket would only add waits to the measured time.
process.env.RATE_LIMIT = 'off';
const config = loadConfig();
if (!config.databaseUrl) throw new Error('set DATABASE_URL to a database seeded with pnpm seed --scale medium|large');
const month = values.month!;
const repeat = Number(values.repeat);
const [year, monthNumber] = month.split('-').map(Number) as [number, number];
const from = `${month}-01`;
const to = `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
const zone = businessTimeZone();

const graph = await startAllInOne({ config, port: Number(values.port), seedWhenEmpty: false });
const sql = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
const adminToken = await graph.tokens.sign({ role: 'ADMIN', staffId: demoPlatformStaffId('SUPER_ADMIN'), subject: 'bench:analytics', expiresIn: '2h' });
const analystToken = await graph.tokens.sign({ role: 'ANALYST', subject: 'bench:analyst', expiresIn: '2h' });

async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}, again = true): Promise<T> {
  const res = await fetch(graph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).catch((error: unknown) => {
    // A kept-alive socket the server closed as we reused it: once more on a new one.
    if (again) return null;
    throw error;
  });
  if (!res) return gql(token, query, variables, false);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data;
}

type Figures = { gmv: { amount: string }; paid: { amount: string }; refunded: { amount: string }; units: number };
type Summary = { salesSummary: { source: string; rows: { keys: { day: string; shop: { id: string } }; figures: Figures }[] } };
type FloorRow = { day: string; shop_id: string; gmv: string; paid: string; refunded: string; units: number };
type Top = { topSkus: { rank: number; sku: { id: string }; gmv: { amount: string }; units: number }[] };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(run: () => Promise<T>): Promise<{ ms: number[]; answer: T }> {
  let answer = await run(); // warm-up: plans, JIT, caches
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    answer = await run();
    ms.push(performance.now() - started);
  }
  return { ms, answer };
}

try {
  const [counted] = await sql<{ facts: number }[]>`select count(*)::int as facts from analytics.sales_facts`;
  if (values.rebuild || !counted?.facts) {
    const started = performance.now();
    const fields = 'id status ordersReplayed refundsReplayed error';
    const { rebuildSalesFacts } = await gql<{ rebuildSalesFacts: { rebuild: { id: number } | null; userErrors: unknown[] } }>(
      adminToken,
      `mutation { rebuildSalesFacts(input: { reason: "bench" }) { rebuild { ${fields} } userErrors { message } } }`,
    );
    if (!rebuildSalesFacts.rebuild) throw new Error(JSON.stringify(rebuildSalesFacts.userErrors));
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      type Rebuild = { status: string; ordersReplayed: number; refundsReplayed: number; error: string | null };
      const { salesFactsRebuild: r } = await gql<{ salesFactsRebuild: Rebuild }>(adminToken, `query($id: Int) { salesFactsRebuild(id: $id) { ${fields} } }`, {
        id: rebuildSalesFacts.rebuild.id,
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.error(`rebuild ${r.status}: ${r.ordersReplayed} orders, ${r.refundsReplayed} refunds replayed, ${seconds} s`);
      if (r.status === 'ACTIVE') break;
      if (r.status !== 'BUILDING') throw new Error(`rebuild ${r.status}: ${r.error}`);
    }
    console.log(`rebuild: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const counts = await sql`select (select count(*) from orders.orders)::int as orders, (select count(*) from orders.order_lines)::int as lines,
    (select count(*) from analytics.sales_facts)::int as facts, (select count(*) from analytics.sales_refunds)::int as refund_shares,
    (select count(*) from analytics.rollup_day_shop_category)::int as day_shop_category, (select count(*) from analytics.rollup_day_sku)::int as day_sku`;
  console.log('rows:', JSON.stringify(counts[0]));

  // ---- salesSummary by DAY x SHOP -------------------------------------------------------------
  const summaryQuery = `query($filter: SalesFilter!) { salesSummary(filter: $filter, groupBy: [DAY, SHOP], metrics: [GMV, PAID, REFUNDED, UNITS]) {
    source rows { keys { day shop { id } } figures { gmv { amount } paid { amount } refunded { amount } units } } } }`;
  const ours = await time(() => gql<Summary>(analystToken, summaryQuery, { filter: { from, to } }));
  // The floor: sales on the business day of payment (lines' list price x quantity, the orders' payable,
  // units) and refunds on the business day they succeeded, by shop, straight from the owning tables.
  const floorSummary = () => sql<FloorRow[]>`
    with sold as (
      select to_char(o.paid_at at time zone ${zone}, 'YYYY-MM-DD') as day, o.shop_id,
             sum(l.gmv) as gmv, sum(o.payable_amount) as paid, 0::numeric as refunded, sum(l.units) as units
      from orders.orders o
      join lateral (select sum(unit_price * quantity) as gmv, sum(quantity) as units from orders.order_lines where order_id = o.id) l on true
      where o.paid_at >= (${from}::date)::timestamp at time zone ${zone} and o.paid_at < (${to}::date + 1)::timestamp at time zone ${zone}
      group by 1, 2),
    refunded as (
      select to_char(r.succeeded_at at time zone ${zone}, 'YYYY-MM-DD') as day, o.shop_id, 0::numeric as gmv, 0::numeric as paid, sum(r.amount) as refunded, 0::numeric as units
      from payments.refunds r join orders.orders o on o.id = r.order_id
      where r.status = 'SUCCEEDED' and r.succeeded_at >= (${from}::date)::timestamp at time zone ${zone} and r.succeeded_at < (${to}::date + 1)::timestamp at time zone ${zone}
      group by 1, 2)
    select day, shop_id, sum(gmv)::text as gmv, sum(paid)::text as paid, sum(refunded)::text as refunded, sum(units)::int as units
    from (select * from sold union all select * from refunded) s group by 1, 2 order by 1, 2`;
  const floor = await time(floorSummary);
  compareSummary(ours.answer, floor.answer);

  // ---- topSkus(first: 50) --------------------------------------------------------------------
  const topQuery = `query($period: SalesPeriod!) { topSkus(period: $period, by: GMV, first: 50) { rank sku { id } gmv { amount } units } }`;
  const oursTop = await time(() => gql<Top>(analystToken, topQuery, { period: { from, to } }));
  const floorTop = await time(
    () => sql<{ sku_id: string; gmv: string; units: number }[]>`
    select l.sku_id, sum(l.unit_price * l.quantity)::text as gmv, sum(l.quantity)::int as units
    from orders.orders o join orders.order_lines l on l.order_id = o.id
    where o.paid_at >= (${from}::date)::timestamp at time zone ${zone} and o.paid_at < (${to}::date + 1)::timestamp at time zone ${zone}
    group by l.sku_id order by sum(l.unit_price * l.quantity) desc, l.sku_id limit 50`,
  );
  compareTop(oursTop.answer, floorTop.answer);

  // What any request costs through the graph on this machine now, whatever it asks.
  const roundTrip = await time(() => gql<{ __typename: string }>(analystToken, '{ __typename }'));

  const line = (name: string, a: number[], b: number[]) =>
    `| ${name} | ${median(a).toFixed(1)} | ${Math.max(...a).toFixed(1)} | ${median(b).toFixed(1)} | ${Math.max(...b).toFixed(1)} | ${(median(b) / median(a)).toFixed(1)}× |`;
  console.log(`\nmonth ${from}..${to}, ${repeat} requests each after one warm-up, one at a time (ms)\n`);
  console.log('| question | ours median | ours max | SQL floor median | SQL floor max | floor / ours |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(line(`salesSummary DAY x SHOP (${ours.answer.salesSummary.rows.length} rows, source ${ours.answer.salesSummary.source})`, ours.ms, floor.ms));
  console.log(line('topSkus(first: 50) by GMV', oursTop.ms, floorTop.ms));
  console.log(
    `\nthe graph's round trip for { __typename } (no resolver, no SQL): median ${median(roundTrip.ms).toFixed(1)} ms, max ${Math.max(...roundTrip.ms).toFixed(1)} ms`,
  );
  if (values.export) await exportEverything();
} finally {
  await sql.end();
  await graph.stop();
}

function compareSummary(ours: Summary, floor: readonly FloorRow[]) {
  const minor = (amount: string) => BigInt(amount.replace('.', ''));
  const a = ours.salesSummary.rows.map((r) =>
    [r.keys.day, r.keys.shop.id, minor(r.figures.gmv.amount), minor(r.figures.paid.amount), minor(r.figures.refunded.amount), r.figures.units].join(' '),
  );
  const b = floor.map((r) => [r.day, r.shop_id, BigInt(r.gmv), BigInt(r.paid), BigInt(r.refunded), r.units].join(' '));
  if (!a.length) throw new Error('salesSummary answered no rows: is the month inside the data set?');
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const onlyA = a.filter((x) => !b.includes(x)).slice(0, 5);
    const onlyB = b.filter((x) => !a.includes(x)).slice(0, 5);
    throw new Error(
      `salesSummary differs from the floor (${a.length} vs ${b.length} rows):\nours:  ${onlyA.join('\n       ')}\nfloor: ${onlyB.join('\n       ')}`,
    );
  }
  console.log(`salesSummary: the same ${a.length} rows (day, shop, GMV, paid, refunded, units) as the floor`);
}

function compareTop(ours: Top, floor: readonly { sku_id: string; gmv: string; units: number }[]) {
  const a = ours.topSkus.map((r) => [r.sku.id, BigInt(r.gmv.amount.replace('.', '')), r.units].join(' '));
  const b = floor.map((r) => [r.sku_id, BigInt(r.gmv), r.units].join(' '));
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`topSkus differs from the floor:\nours:  ${a.slice(0, 5).join(', ')}\nfloor: ${b.slice(0, 5).join(', ')}`);
  console.log(`topSkus: the same ${a.length} SKUs, GMV and units as the floor`);
}

async function exportEverything(): Promise<void> {
  type Export = { id: string; status: string; rowsWritten: number; totalRows: number | null; bytes: number | null; url: string | null; error: string | null };
  const fields = 'id status rowsWritten totalRows bytes url error';
  const filter = { from: '2024-11-14', to: '2025-11-13' };
  const started = performance.now();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const { startSalesExport } = await gql<{ startSalesExport: { export: Export | null; userErrors: unknown[] } }>(
    analystToken,
    `mutation($input: StartSalesExportInput!) { startSalesExport(input: $input) { export { ${fields} } userErrors { message } } }`,
    { input: { kind: 'SALES_FACTS', filter } },
  );
  if (!startSalesExport.export) throw new Error(JSON.stringify(startSalesExport.userErrors));
  let done: Export;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { salesExport } = await gql<{ salesExport: Export }>(analystToken, `query($id: ID!) { salesExport(id: $id) { ${fields} } }`, {
      id: startSalesExport.export.id,
    });
    console.error(`export ${salesExport.status}: ${salesExport.rowsWritten} of ${salesExport.totalRows ?? '?'} rows`);
    if (salesExport.status === 'DONE') {
      done = salesExport;
      break;
    }
    if (salesExport.status === 'FAILED') throw new Error(`export failed: ${salesExport.error}`);
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const response = await fetch(new URL(done.url!, graph.url));
  if (!response.ok || !response.body) throw new Error(`download: HTTP ${response.status}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const [expected] = await sql<
    { n: number }[]
  >`select count(*)::int as n from analytics.sales_facts f join analytics.generations g on g.id = f.generation and g.status = 'ACTIVE'
    where f.paid_day between ${filter.from}::date and ${filter.to}::date`;
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `\nexport of the facts paid ${filter.from}..${filter.to} through the graph: ${done.rowsWritten} rows (facts in the period: ${expected?.n}), ` +
      `${lines} lines downloaded (header included), ${mb(bytes)}, ${seconds.toFixed(1)} s; RSS of this process ${mb(before)} before, peak ${mb(peak)} while it ran`,
  );
  if (lines !== done.rowsWritten + 1 || done.rowsWritten !== expected?.n || bytes !== done.bytes)
    throw new Error('the export does not hold every fact of the period');
}
