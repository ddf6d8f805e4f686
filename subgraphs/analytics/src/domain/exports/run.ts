import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { filePath, logger, type Claims, type RequestContext, type Role } from '@zhongtai/kit';
import { salesExports, type SalesExportRow } from '../../db/tables.ts';
import type { Dimension } from '../salesStore.ts';
import { salesStore } from '../salesStore.ts';
import { ALL_METRICS, salesScope, type Metric, type SalesFilterInput } from '../summary.ts';
import { csvLine, FACT_COLUMNS, factLine, summaryHeader, summaryLine } from './csv.ts';
import { EXPORTS_CENTER, exportFileName } from './start.ts';

/** Rows read and written per step: the most the job holds at once. */
const PAGE = 1000;

/**
 * The job: the export's rows, read a page at a time with the requester's scope, written as CSV to
 * a `.part` file that becomes the export's file once complete (a half-written file is never
 * served), with the progress after each page. A retry (a crash, a restart) starts over.
 */
export async function runSalesExport(ctx: RequestContext, exportId: string): Promise<void> {
  const [row] = await ctx.db
    .select()
    .from(salesExports)
    .where(and(eq(salesExports.id, exportId), inArray(salesExports.status, ['QUEUED', 'RUNNING'])));
  if (!row) return;
  const path = filePath(EXPORTS_CENTER, exportFileName(row.id));
  if (!path) throw new Error(`analytics: no file name for export ${row.id}`);
  const partial = `${path}.part`;
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(partial);
  const progress = (set: Partial<Pick<SalesExportRow, 'status' | 'rowsWritten' | 'totalRows' | 'bytes' | 'error' | 'finishedAt'>>) =>
    ctx.db
      .update(salesExports)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(salesExports.id, row.id));
  try {
    await progress({ status: 'RUNNING', rowsWritten: 0 });
    const written = row.kind === 'SALES_FACTS' ? await writeFacts(ctx, row, out, progress) : await writeSummary(ctx, row, out, progress);
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
    const { size } = await stat(path);
    await progress({ status: 'DONE', rowsWritten: written, bytes: size, finishedAt: ctx.now() });
  } catch (error) {
    logger(ctx).error('sales export failed', { exportId, error });
    out.destroy();
    await rm(partial, { force: true });
    await progress({ status: 'FAILED', error: error instanceof Error ? error.message : String(error), finishedAt: ctx.now() });
  }
}

type Progress = (set: Partial<Pick<SalesExportRow, 'rowsWritten' | 'totalRows'>>) => Promise<unknown>;

/** Writes text, waiting while the stream's buffer is full (what keeps memory bounded on a slow disk). */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** The requester's own view of the sales: the kit's scope from the claims the export was started with. */
function scopeOf(ctx: RequestContext, row: SalesExportRow) {
  const role = row.requesterRole as Role;
  const claims: Claims = { subject: row.requestedBy, role, shopId: row.shopId, memberId: null, staffId: null, scopes: new Set([role.toLowerCase()]) };
  return salesScope({ ...ctx, claims }, (row.filter as unknown as SalesFilterInput).shopIds);
}

async function writeFacts(ctx: RequestContext, row: SalesExportRow, out: WriteStream, progress: Progress): Promise<number> {
  const query = { generation: row.generation, filter: row.filter as unknown as SalesFilterInput, scope: scopeOf(ctx, row).facts };
  await progress({ totalRows: await salesStore.countFacts(ctx.db, query) });
  await write(out, csvLine([...FACT_COLUMNS]));
  let written = 0;
  let after: { paidDay: string; orderLineId: string } | null = null;
  for (;;) {
    const page = await salesStore.factsPage(ctx.db, { ...query, after, limit: PAGE });
    if (!page.length) return written;
    await write(out, page.map(factLine).join(''));
    written += page.length;
    const last = page[page.length - 1];
    after = last ? { paidDay: last.paidDay, orderLineId: last.orderLineId } : null;
    await progress({ rowsWritten: written });
  }
}

async function writeSummary(ctx: RequestContext, row: SalesExportRow, out: WriteStream, progress: Progress): Promise<number> {
  const groupBy = row.groupBy as Dimension[];
  const metrics = (row.metrics.length ? row.metrics : ALL_METRICS) as Metric[];
  const withCounts = metrics.some((m) => m === 'ORDERS' || m === 'BUYERS' || m === 'AVERAGE_ORDER_VALUE');
  const query = { generation: row.generation, groupBy, filter: row.filter as unknown as SalesFilterInput, scope: scopeOf(ctx, row), withCounts };
  await progress({ totalRows: await salesStore.countSummaryRows(ctx.db, query) });
  await write(out, summaryHeader(groupBy, metrics));
  let written = 0;
  // The cursor holds its transaction: progress is written after it (PGlite has one connection).
  await salesStore.summaryInPages(ctx.db, query, PAGE, async (rows) => {
    await write(out, rows.map((r) => summaryLine(r, groupBy, metrics)).join(''));
    written += rows.length;
  });
  return written;
}
