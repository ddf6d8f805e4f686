import { canAccessShop, type RequestContext } from '@zhongtai/kit';
import type { SpuStatus } from '../db/tables.ts';

/** Statuses in which a product has been public: later orders, reviews and carts may still point at it. */
const PUBLIC_STATUSES: readonly SpuStatus[] = ['ON_SALE', 'OFF_SHELF'];

export const isPublicProduct = (status: SpuStatus): boolean => PUBLIC_STATUSES.includes(status);

/**
 * Whether a product reached by reference (another center's order line, a review) may be shown
 * to the caller. Drafts and products under review stay inside their shop and the platform.
 */
export function canSeeProduct(ctx: RequestContext, product: { shopId: string; status: SpuStatus }): boolean {
  switch (ctx.claims?.role) {
    case 'ADMIN':
    case 'SERVICE':
    case 'ANALYST':
      return true;
    case 'MERCHANT':
      return canAccessShop(ctx, product.shopId, 'read') || PUBLIC_STATUSES.includes(product.status);
    case 'CUSTOMER':
      return PUBLIC_STATUSES.includes(product.status);
    default:
      return false;
  }
}
