import { toPayload, type RequestContext } from '@zhongtai/kit';
import { startSalesExport, type StartSalesExportInput } from '../domain/exports/start.ts';
import { startRebuild } from '../domain/rebuild.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  rebuildSalesFacts: async (_: unknown, { input }: { input: { reason?: string | null } }, ctx: RequestContext) =>
    toPayload('rebuild', await startRebuild(ctx, input)),
  startSalesExport: async (_: unknown, { input }: { input: StartSalesExportInput }, ctx: RequestContext) =>
    toPayload('export', await startSalesExport(ctx, input)),
};
