import { serviceOperation } from '../serviceClient.ts';

/** The shops center's internal API, as other centers call it. */
export type ShopStatus = 'ACTIVE' | 'SUSPENDED' | 'CLOSED';

export const shopStandings = serviceOperation<{ ids: string[] }, { shopStandings: { id: string; status: ShopStatus; currencyCode: string }[] }>(
  'shops',
  /* GraphQL */ `query ShopStandings($ids: [ID!]!) { shopStandings(ids: $ids) { id status currencyCode } }`,
);

/** Shop ids look like `shp_<ULID>`: other centers check a shop id's shape before calling. */
export const SHOP_ID_PREFIX = 'shp';
