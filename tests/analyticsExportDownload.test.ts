import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, signedFileUrl } from '@zhongtai/kit';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

/**
 * An export's signed URL served by the gateway's own /files/ route (the kit's handler is tested
 * behind a plain server in subgraphs/analytics/test/exports.test.ts): the analyst's export job runs
 * in the graph, its URL downloads the CSV; the same URL with its signature changed, and a URL
 * signed with an expiry already past, are refused.
 */
let t: TestGraph;
let dir: string;

beforeAll(async () => {
  // The job writes and the gateway serves from the same folder.
  dir = await mkdtemp(join(tmpdir(), 'zt-gateway-exports-'));
  process.env.EXPORTS_DIR = dir;
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Export = { id: string; status: string; rowsWritten: number; url: string | null; error: string | null };
const FIELDS = 'id status rowsWritten url error';

describe("an export's file through the gateway's /files/ route", () => {
  it('downloads with its signed URL; a tampered or an expired URL is refused', async () => {
    const started = await t.gql<{ startSalesExport: { export: Export | null; userErrors: unknown[] } }>(
      `mutation($input: StartSalesExportInput!) { startSalesExport(input: $input) { export { ${FIELDS} } userErrors { code message } } }`,
      { input: { kind: 'SALES_FACTS', filter: { from: '2026-01-01', to: '2026-12-31' } } },
      t.tokens.analyst,
    );
    expect(started.data?.startSalesExport.userErrors).toEqual([]);
    const id = started.data!.startSalesExport.export!.id;
    let done: Export | undefined;
    await waitFor(
      async () => {
        const res = await t.gql<{ salesExport: Export }>(`query($id: ID!) { salesExport(id: $id) { ${FIELDS} } }`, { id }, t.tokens.analyst);
        done = res.data?.salesExport;
        return done?.status === 'DONE' || done?.status === 'FAILED';
      },
      { what: 'the export job done' },
    );
    expect(done).toMatchObject({ status: 'DONE', error: null });
    const url = new URL(done!.url!, t.graph.url);
    expect(url.pathname).toBe(`/files/analytics/${id}.csv`);

    const good = await fetch(url);
    expect(good.status).toBe(200);
    const lines = (await good.text()).split('\r\n').filter((line) => line !== '');
    // The facts' header (every column: subgraphs/analytics/test/exports.test.ts checks them all).
    expect(lines[0]).toMatch(/^paid_day,paid_at,order_id,order_line_id,/);
    expect(lines.length).toBe(done!.rowsWritten + 1);

    const tampered = new URL(url);
    const signature = url.searchParams.get('signature')!;
    tampered.searchParams.set('signature', (signature[0] === '0' ? '1' : '0') + signature.slice(1));
    const expired = new URL(signedFileUrl(loadConfig().jwtSecret, 'analytics', `${id}.csv`, new Date(Date.now() - 1000)), t.graph.url);
    const refused = async (target: URL) => {
      const res = await fetch(target);
      return [res.status, await res.json()];
    };
    expect(await refused(tampered)).toEqual([403, { error: 'BAD_SIGNATURE' }]);
    expect(await refused(expired)).toEqual([403, { error: 'EXPIRED' }]);
  });
});
