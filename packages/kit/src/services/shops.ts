import { serviceOperation } from '../serviceClient.ts';
import type { StaffStanding } from '../auth/permissions.ts';

/** The shops center's internal API, as other centers call it. */
export type ShopStatus = 'ACTIVE' | 'SUSPENDED' | 'CLOSED';

export const shopStandings = serviceOperation<{ ids: string[] }, { shopStandings: { id: string; status: ShopStatus; currencyCode: string }[] }>(
  'shops',
  /* GraphQL */ `
    query ShopStandings($ids: [ID!]!) {
      shopStandings(ids: $ids) {
        id
        status
        currencyCode
      }
    }
  `,
);

/** Shop ids look like `shp_<ULID>`: other centers check a shop id's shape before calling. */
export const SHOP_ID_PREFIX = 'shp';

/**
 * Internal: the current role and status of staff members (shop or platform), for the kit's
 * permission checks. SERVICE-only, so looking it up never needs a staff lookup itself.
 */
export const staffStandings = serviceOperation<{ ids: string[] }, { staffStandings: StaffStanding[] }>(
  'shops',
  /* GraphQL */ `
    query StaffStandings($ids: [ID!]!) {
      staffStandings(ids: $ids) {
        id
        kind
        shopId
        role
        active
      }
    }
  `,
);
