import { assertCan, type RequestContext } from '@zhongtai/kit';
import type { ContentPageRow } from '../db/tables.ts';
import { contentPageTenancy } from './tenancy.ts';

/** Who may do what with pages, on the declarations in tenancy.ts. */

/** Writing a page (a new one, a draft, a publication, a rollback): whoever may write the platform's pages. */
export function assertCanWritePage(ctx: RequestContext, page: Pick<ContentPageRow, 'id'>): void {
  assertCan(ctx, contentPageTenancy, page as ContentPageRow, 'write');
}

/**
 * Deciding a merchant's banner proposal is deciding what the platform's pages show: the check is
 * the one of writing a page, so a merchant never decides its own proposal.
 */
export function assertCanDecideProposal(ctx: RequestContext): void {
  assertCanWritePage(ctx, { id: 'platform' });
}
