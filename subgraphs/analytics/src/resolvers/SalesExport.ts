import type { RequestContext } from '@zhongtai/kit';
import type { SalesExportRow } from '../db/tables.ts';
import { exportDownload } from '../domain/exports/start.ts';

/** An export's progress; its file's signed URL once DONE (the row reached here is already the caller's own). */
export const SalesExport = {
  url: (row: SalesExportRow, _: unknown, ctx: RequestContext) => exportDownload(ctx, row)?.url ?? null,
  urlExpiresAt: (row: SalesExportRow, _: unknown, ctx: RequestContext) => exportDownload(ctx, row)?.expiresAt ?? null,
};
