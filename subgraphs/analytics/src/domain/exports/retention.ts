import { rm } from 'node:fs/promises';
import { and, inArray, lt } from 'drizzle-orm';
import { filePath, numberSetting, type RequestContext } from '@zhongtai/kit';
import { salesExports } from '../../db/tables.ts';
import { EXPORTS_CENTER, exportFileName } from './start.ts';

/** The job that deletes exports older than the retention (hourly). */
export const EXPORT_RETENTION_JOB = 'deleteOldSalesExports';

/** How many days an export (its file and its row) is kept: `EXPORT_RETENTION_DAYS`, 7 by default. */
export const exportRetentionDays = () => numberSetting(process.env, 'EXPORT_RETENTION_DAYS', 7, 'whole');

/**
 * Deletes the exports started more than the retention ago that are finished (DONE or FAILED; a
 * running one is left to finish): the file first, then the row, so a crash in between leaves a row
 * whose missing file the next run deletes again (rm of nothing is no error). Returns how many.
 */
export async function deleteOldExports(ctx: RequestContext): Promise<number> {
  const before = new Date(ctx.now().getTime() - exportRetentionDays() * 86_400_000);
  const old = await ctx.db
    .select({ id: salesExports.id })
    .from(salesExports)
    .where(and(lt(salesExports.createdAt, before), inArray(salesExports.status, ['DONE', 'FAILED'])));
  for (const { id } of old) {
    const path = filePath(EXPORTS_CENTER, exportFileName(id));
    if (path) for (const file of [path, `${path}.part`]) await rm(file, { force: true });
  }
  if (old.length)
    await ctx.db.delete(salesExports).where(
      inArray(
        salesExports.id,
        old.map((e) => e.id),
      ),
    );
  return old.length;
}
