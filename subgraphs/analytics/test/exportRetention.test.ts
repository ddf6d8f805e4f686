import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePath, type RequestContext } from '@zhongtai/kit';
import { openTestWorld, TEST_ANALYST, useTestWorld } from '@zhongtai/kit/testing';
import { analyticsCenter } from '../src/index.ts';
import { salesExports } from '../src/db/tables.ts';
import { deleteOldExports } from '../src/domain/exports/retention.ts';
import { runSalesExport } from '../src/domain/exports/run.ts';
import { exportFileName, startSalesExport } from '../src/domain/exports/start.ts';

const world = useTestWorld(() => openTestWorld({ centers: [analyticsCenter] }));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zt-export-retention-'));
  process.env.EXPORTS_DIR = dir;
  process.env.EXPORT_RETENTION_DAYS = '7';
});
afterAll(async () => {
  delete process.env.EXPORT_RETENTION_DAYS;
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
/** The analyst's context with the clock standing at `ms` (the injected clock domain code reads). */
const analystAt = async (ms: number): Promise<RequestContext> => ({ ...(await world.as(TEST_ANALYST)), now: () => new Date(ms) });
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function exportStartedAt(ms: number): Promise<{ id: string; file: string }> {
  const ctx = await analystAt(ms);
  const started = await startSalesExport(ctx, { kind: 'SALES_FACTS', filter: { from: '2026-01-01', to: '2026-01-31' } });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  await runSalesExport(ctx, started.value.id);
  return { id: started.value.id, file: filePath('analytics', exportFileName(started.value.id))! };
}

describe('export retention', () => {
  it('deletes the files and rows of exports older than EXPORT_RETENTION_DAYS, and keeps the newer', async () => {
    const old = await exportStartedAt(at('2026-03-01T08:00:00Z'));
    const recent = await exportStartedAt(at('2026-03-06T08:00:00Z'));
    expect([await exists(old.file), await exists(recent.file)]).toEqual([true, true]);
    const db = (await world.as(TEST_ANALYST)).db;
    const rows = async () => (await db.select({ id: salesExports.id }).from(salesExports)).map((r) => r.id).sort();

    // Seven days after the first one started, less a second: nothing is old enough yet.
    expect(await deleteOldExports(await analystAt(at('2026-03-01T08:00:00Z') + 7 * DAY - 1000))).toBe(0);
    expect(await rows()).toEqual([old.id, recent.id].sort());

    // A second past seven days: the first export goes, file and row; the second stays.
    expect(await deleteOldExports(await analystAt(at('2026-03-01T08:00:00Z') + 7 * DAY + 1000))).toBe(1);
    expect([await exists(old.file), await exists(recent.file)]).toEqual([false, true]);
    expect(await rows()).toEqual([recent.id]);
    expect(await db.select().from(salesExports).where(eq(salesExports.id, old.id))).toEqual([]);
    // Run again: nothing more to delete.
    expect(await deleteOldExports(await analystAt(at('2026-03-01T08:00:00Z') + 7 * DAY + 1000))).toBe(0);
  });
});
