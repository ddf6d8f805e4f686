import { and, eq } from 'drizzle-orm';
import {
  assertCan,
  forbidden,
  isId,
  loadConfig,
  newId,
  numberSetting,
  ok,
  Problems,
  signedFileUrl,
  unauthenticated,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { salesExports, type SalesExportRow } from '../../db/tables.ts';
import { activeGeneration } from '../generations.ts';
import { SALES_EXPORT_ID_PREFIX } from '../ids.ts';
import { checkPeriod } from '../period.ts';
import type { Dimension } from '../salesStore.ts';
import { salesScope, type Metric, type SalesFilterInput } from '../summary.ts';
import { salesExportTenancy } from '../tenancy.ts';

/** The job that writes an export's file (events.ts runs it). */
export const SALES_EXPORT_JOB = 'runSalesExport';
export const EXPORTS_CENTER = 'analytics';

export interface StartSalesExportInput {
  kind: SalesExportRow['kind'];
  filter: SalesFilterInput;
  groupBy?: Dimension[] | null;
  metrics?: Metric[] | null;
}

/**
 * startSalesExport: checks the caller may read what it asks (another shop's sales: FORBIDDEN, as
 * for salesSummary), records the export with who asked and the generation it will read, and
 * queues the job in the same transaction. An export is a read: analysts may start one.
 */
export async function startSalesExport(ctx: RequestContext, input: StartSalesExportInput): Promise<Result<SalesExportRow>> {
  if (!ctx.claims) throw unauthenticated();
  salesScope(ctx, input.filter.shopIds);
  checkPeriod(input.filter.from, input.filter.to);
  const problems = new Problems();
  if (input.kind === 'SALES_FACTS' && (input.groupBy?.length || input.metrics?.length))
    problems.add(['groupBy'], 'INVALID', 'A facts export has every column; groupBy and metrics are for SALES_SUMMARY');
  if (problems.any) return problems.refuse();
  const generation = await activeGeneration(ctx.db);
  const claims = ctx.claims;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(salesExports)
      .values({
        id: newId(SALES_EXPORT_ID_PREFIX, ctx.now().getTime()),
        kind: input.kind,
        shopId: claims.shopId,
        requestedBy: claims.subject,
        requesterRole: claims.role,
        filter: { ...input.filter },
        groupBy: [...new Set(input.groupBy ?? [])],
        metrics: [...new Set(input.metrics ?? [])],
        generation,
        status: 'QUEUED',
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error('analytics: the export was not saved');
    await ctx.events.schedule(tx, SALES_EXPORT_JOB, { exportId: row.id }, { singletonKey: row.id });
    return ok(row);
  });
}

/** salesExport(id): the caller's own export; another shop's or another person's is FORBIDDEN. */
export async function loadSalesExport(ctx: RequestContext, id: string): Promise<SalesExportRow | null> {
  if (!ctx.claims) throw unauthenticated();
  if (!isId(SALES_EXPORT_ID_PREFIX, id)) return null;
  const [row] = await ctx.db
    .select()
    .from(salesExports)
    .where(and(eq(salesExports.id, id)));
  if (!row) return null;
  assertCan(ctx, salesExportTenancy, row, 'read');
  // The file is the requester's: a colleague of the same shop, or another analyst, asks for their own.
  if (row.requestedBy !== ctx.claims.subject) throw forbidden('This export was started by someone else');
  return row;
}

/** How long a download URL stays valid (EXPORT_URL_TTL_SECONDS, default 15 minutes); read at call time. */
const urlLifetimeSeconds = () => numberSetting(process.env, 'EXPORT_URL_TTL_SECONDS', 900, 'whole');

/** The file's signed URL on the gateway, fresh at each ask; none until the file is written. */
export function exportDownload(ctx: RequestContext, row: SalesExportRow): { url: string; expiresAt: Date } | null {
  if (row.status !== 'DONE') return null;
  const expiresAt = new Date(ctx.now().getTime() + urlLifetimeSeconds() * 1000);
  return { url: signedFileUrl(loadConfig().jwtSecret, EXPORTS_CENTER, exportFileName(row.id), expiresAt), expiresAt };
}

export const exportFileName = (id: string) => `${id}.csv`;
