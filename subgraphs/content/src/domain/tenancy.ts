import { tenancy } from '@zhongtai/kit';
import { bannerProposals, contentPages, pageVersions } from '../db/tables.ts';

/**
 * Pages and their versions are the platform's: operators write them, analysts read them, and no
 * shop or member owns one (a merchant asking is FORBIDDEN). Customers never read them directly:
 * the storefront renders a page's live version for them (domain/render.ts).
 */
export const contentPageTenancy = tenancy('content page', contentPages, {});
export const pageVersionTenancy = tenancy('content page version', pageVersions, {});

/** A banner proposal is its shop's: the merchant proposes and reads its own; operators decide every shop's. */
export const bannerProposalTenancy = tenancy('banner proposal', bannerProposals, { shop: 'shopId' });
