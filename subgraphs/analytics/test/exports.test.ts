import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, newId, sendSignedFile, signedFileUrl, verifyFileUrl, type RequestContext } from '@zhongtai/kit';
import { openTestWorld, TEST_ANALYST, TEST_SERVICE, testMerchant, useTestWorld } from '@zhongtai/kit/testing';
import { analyticsCenter } from '../src/index.ts';
import { FACT_COLUMNS } from '../src/domain/exports/csv.ts';
import { runSalesExport } from '../src/domain/exports/run.ts';
import { exportDownload, loadSalesExport, startSalesExport } from '../src/domain/exports/start.ts';
import { activeGeneration } from '../src/domain/generations.ts';
import { salesSummary } from '../src/domain/summary.ts';

const world = useTestWorld(() => openTestWorld({ centers: [analyticsCenter] }));

const ROWS = 100_000;
const shopA = newId('shp');
const shopB = newId('shp');
const secret = loadConfig().jwtSecret;
let dir: string;
let server: Server;
let origin: string;

/** The export's file as the gateway serves it: the kit's handler behind a real HTTP server. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zt-exports-'));
  process.env.EXPORTS_DIR = dir;
  server = createServer((req, res) => void sendSignedFile(res, secret, new URL(req.url ?? '/', 'http://files')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // 100,000 sold lines over January to March 2026, 60 % shop A's, written straight into the facts in
  // one statement (the store's own path, with its rollups, takes minutes on PGlite for this many;
  // sales.test.ts tests how events make facts). The summary below groups by order type: facts only.
  const db = (await world.as(TEST_SERVICE)).db;
  const generation = await activeGeneration(db);
  await db.execute(sql`
    insert into analytics.sales_facts (generation, order_line_id, order_id, shop_id, member_id, sku_id, channel, order_type, currency,
      paid_at, paid_day, order_status, units, gross, paid, freight)
    select ${generation}, 'oln_' || lpad(n::text, 26, '0'), 'ord_' || lpad((n / 2)::text, 26, '0'),
      case when n % 5 < 3 then ${shopA} else ${shopB} end, 'mbr_' || lpad((n % 997)::text, 26, '0'), 'sku_' || lpad((n % 301)::text, 26, '0'),
      'UNSPECIFIED', 'NORMAL', 'CNY', timestamptz '2026-01-01 00:00:00+08' + (n % 90) * interval '1 day', date '2026-01-01' + (n % 90),
      'PAID', 1 + n % 3, 1000 + n % 500, 900 + n % 500, 0
    from generate_series(1, ${ROWS}) n`);
}, 180_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  delete process.env.EXPORTS_DIR;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const period = { from: '2026-01-01', to: '2026-03-31' };

async function exported(ctx: RequestContext, input: Parameters<typeof startSalesExport>[1]) {
  const started = await startSalesExport(ctx, input);
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  await runSalesExport(await world.as(TEST_SERVICE), started.value.id);
  const row = await loadSalesExport(ctx, started.value.id);
  return row!;
}

async function countLines(path: string): Promise<{ header: string; lines: number }> {
  let header = '';
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    if (!lines) header = line;
    lines++;
  }
  return { header, lines };
}

describe('sales exports (CSV, a background job, a signed URL)', () => {
  it('exports 100,000 facts with bounded memory: the right header and row count, served by the signed URL', async () => {
    const analyst = await world.as(TEST_ANALYST);
    const started = await startSalesExport(analyst, { kind: 'SALES_FACTS', filter: period });
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    expect(started.value).toMatchObject({ status: 'QUEUED', rowsWritten: 0, totalRows: null });
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    await runSalesExport(await world.as(TEST_SERVICE), started.value.id);
    clearInterval(sampler);
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `export of ${ROWS} facts: RSS ${mb(before.rss)} before, peak ${mb(peakRss)} (+${mb(peakRss - before.rss)}); ` +
        `JS heap ${mb(before.heapUsed)} before, peak ${mb(peakHeap)} (+${mb(peakHeap - before.heapUsed)})`,
    );
    const row = (await loadSalesExport(analyst, started.value.id))!;
    expect(row).toMatchObject({ status: 'DONE', rowsWritten: ROWS, totalRows: ROWS, error: null });
    // Rows held at once are a page (1,000): all 100,000 as objects would take hundreds of MB of heap.
    expect(peakHeap - before.heapUsed).toBeLessThan(150 * 2 ** 20);

    const { header, lines } = await countLines(join(dir, 'analytics', `${row.id}.csv`));
    expect(header).toBe(FACT_COLUMNS.join(','));
    expect(lines).toBe(ROWS + 1);

    const download = exportDownload(analyst, row)!;
    const res = await fetch(origin + download.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const body = await res.text();
    expect(body.length).toBe(row.bytes);
    expect(body.split('\r\n')[1]).toBe(
      `2026-01-01,2025-12-31T16:00:00.000Z,ord_${'45'.padStart(26, '0')},oln_${'90'.padStart(26, '0')},,${shopA},mbr_${'90'.padStart(26, '0')},sku_${'90'.padStart(26, '0')},,,,,,UNSPECIFIED,NORMAL,PAID,CNY,1,10.90,0.00,0.00,0.00,0.00,0.00,0.00,9.90,0.00,`,
    );
  }, 600_000);

  it('refuses an expired, a tampered or a stretched URL, and a name outside the exports', async () => {
    const analyst = await world.as(TEST_ANALYST);
    const row = await exported(analyst, { kind: 'SALES_FACTS', filter: { ...period, to: '2026-01-01' } });
    const url = new URL(exportDownload(analyst, row)!.url, origin);
    expect(verifyFileUrl(secret, url)).toEqual({ ok: true, center: 'analytics', name: `${row.id}.csv` });

    const expired = signedFileUrl(secret, 'analytics', `${row.id}.csv`, new Date(Date.now() - 1000));
    const tampered = new URL(url);
    tampered.searchParams.set(
      'signature',
      url.searchParams.get('signature')!.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    const stretched = new URL(url);
    stretched.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const otherFile = new URL(url);
    otherFile.pathname = `/files/analytics/${newId('sxp')}.csv`;
    const wrongSecret = signedFileUrl(`${secret}-not`, 'analytics', `${row.id}.csv`, new Date(Date.now() + 60_000));
    const answers: Record<string, [number, unknown]> = {};
    for (const [label, target] of Object.entries({
      expired,
      tampered: tampered.pathname + tampered.search,
      stretched: stretched.pathname + stretched.search,
      otherFile: otherFile.pathname + otherFile.search,
      wrongSecret,
      traversal: `/files/analytics/..%2F..%2F..%2Fetc%2Fpasswd?expires=9999999999&signature=${'0'.repeat(64)}`,
      dotdot: `/files/analytics/../../etc/passwd`,
      unsigned: `/files/analytics/${row.id}.csv`,
    })) {
      const res = await fetch(origin + target);
      answers[label] = [res.status, await res.json()];
    }
    expect(answers).toEqual({
      expired: [403, { error: 'EXPIRED' }],
      tampered: [403, { error: 'BAD_SIGNATURE' }],
      stretched: [403, { error: 'BAD_SIGNATURE' }],
      otherFile: [403, { error: 'BAD_SIGNATURE' }],
      wrongSecret: [403, { error: 'BAD_SIGNATURE' }],
      traversal: [404, { error: 'NOT_A_FILE' }],
      dotdot: [404, { error: 'NOT_A_FILE' }],
      unsigned: [403, { error: 'BAD_SIGNATURE' }],
    });
    // One second before its expiry the same URL is still good, at it no longer.
    const expires = Number(url.searchParams.get('expires'));
    expect(verifyFileUrl(secret, url, expires - 1).ok).toBe(true);
    expect(verifyFileUrl(secret, url, expires)).toEqual({ ok: false, status: 403, reason: 'EXPIRED' });
  }, 120_000);

  it("a merchant exports its own shop only; another merchant's export id and another person's are FORBIDDEN", async () => {
    const merchantA = await world.as(testMerchant(shopA));
    const row = await exported(merchantA, { kind: 'SALES_FACTS', filter: { from: '2026-01-01', to: '2026-01-10' } });
    // Days 1-10 of 90 and 3 lines in 5 are shop A's.
    const counted = await merchantA.db.execute(sql`select count(*)::int as n from analytics.sales_facts where shop_id = ${shopA} and paid_day <= '2026-01-10'`);
    const n = Number((Array.isArray(counted) ? counted : (counted as unknown as { rows: { n: number }[] }).rows)[0]!.n);
    expect(n).toBe(6671);
    expect(row).toMatchObject({ status: 'DONE', rowsWritten: n, totalRows: n, shopId: shopA });
    const { lines } = await countLines(join(dir, 'analytics', `${row.id}.csv`));
    expect(lines).toBe(n + 1);
    const body = await readFile(join(dir, 'analytics', `${row.id}.csv`), 'utf8');
    expect(body.includes(shopB)).toBe(false);

    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    await expect(loadSalesExport(await world.as(testMerchant(shopB)), row.id)).rejects.toMatchObject(forbidden);
    await expect(loadSalesExport(await world.as(TEST_ANALYST), row.id)).rejects.toMatchObject(forbidden);
    const analystsOwn = await exported(await world.as(TEST_ANALYST), { kind: 'SALES_FACTS', filter: { from: '2026-01-01', to: '2026-01-01' } });
    await expect(loadSalesExport(await world.as({ role: 'ANALYST', subject: 'analyst:another' }), analystsOwn.id)).rejects.toMatchObject(forbidden);
    await expect(loadSalesExport(merchantA, analystsOwn.id)).rejects.toMatchObject(forbidden);
    await expect(startSalesExport(await world.as(testMerchant(shopB)), { kind: 'SALES_FACTS', filter: { ...period, shopIds: [shopA] } })).rejects.toMatchObject(
      forbidden,
    );
    expect(await loadSalesExport(merchantA, newId('sxp'))).toBeNull();
  }, 120_000);

  it("exports salesSummary's rows: the same keys and figures as the query", async () => {
    const analyst = await world.as(TEST_ANALYST);
    const filter = { from: '2026-02-01', to: '2026-02-28' };
    const row = await exported(analyst, { kind: 'SALES_SUMMARY', filter, groupBy: ['DAY', 'SHOP', 'ORDER_TYPE'], metrics: ['GMV', 'UNITS', 'ORDERS'] });
    const summary = await salesSummary(analyst, filter, ['DAY', 'SHOP', 'ORDER_TYPE'], ['GMV', 'UNITS', 'ORDERS']);
    expect(summary.source).toBe('FACTS');
    // One shop a day: day d holds the lines n = d + 90k, whose n % 5 is d % 5.
    expect(summary.rows.length).toBe(28);
    expect(row).toMatchObject({ status: 'DONE', rowsWritten: 28, totalRows: 28 });
    const body = await readFile(join(dir, 'analytics', `${row.id}.csv`), 'utf8');
    const shopOf = (keys: { shop?: unknown }) => (keys.shop as { id: string }).id;
    expect(body).toBe(
      [
        'day,shop_id,order_type,currency,gmv,units,orders',
        ...summary.rows.map((r) => [r.keys.day, shopOf(r.keys), 'NORMAL', 'CNY', r.figures.gmv!.amount, r.figures.units, r.figures.orders].join(',')),
      ]
        .map((l) => `${l}\r\n`)
        .join(''),
    );
  }, 120_000);
});
