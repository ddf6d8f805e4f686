import type { Money } from '../money.ts';
import type { VoucherTerms } from '../events/catalog.ts';
import { serviceMutation, serviceOperation } from '../serviceClient.ts';

/** The catalog center's internal API, as other centers call it. */
export interface SkuQuote {
  id: string;
  spuId: string;
  shopId: string;
  price: Money;
  status: 'ACTIVE' | 'INACTIVE';
  spuStatus: 'DRAFT' | 'PENDING_REVIEW' | 'ON_SALE' | 'OFF_SHELF';
  productType: 'PHYSICAL' | 'SERVICE' | 'PHYSICAL_WITH_SERVICE';
  spuName: string;
  code: string;
  salesAttributes: { name: string; value: string }[];
  brandId: string | null;
  categoryId: string;
  categoryPath: string[];
  /** Shipping weight (grams) and volume (cm³) of one unit: fulfillment computes freight from them. */
  weightGrams: number;
  volumeCm3: number;
  /** Slots a day for a service the merchant limits (installation slots); null: no limit. */
  dailyCapacity: number | null;
  /** A service's voucher validity and refund rule; null: no expiry, refundable while unredeemed. */
  voucherTerms: VoucherTerms | null;
  /** 跨境: how a cross-border SKU reaches the buyer (bonded warehouse or direct mail); null for a domestic one. */
  crossBorderMode: 'BONDED' | 'DIRECT_MAIL' | null;
  /** Its consumption tax rate in basis points for the cross-border tax; null: the default. */
  consumptionTaxRateBps: number | null;
}

export const SKU_ID_PREFIX = 'sku';

/** Current price and sellability of SKUs, in the order asked; unknown ids are left out. */
export const quoteSkus = serviceOperation<{ ids: string[] }, { quoteSkus: SkuQuote[] }>(
  'catalog',
  /* GraphQL */ `
    query QuoteSkus($ids: [ID!]!) {
      quoteSkus(ids: $ids) {
        id
        spuId
        shopId
        price {
          amount
          currencyCode
        }
        status
        spuStatus
        productType
        spuName
        code
        salesAttributes {
          name
          value
        }
        brandId
        categoryId
        categoryPath
        weightGrams
        volumeCm3
        dailyCapacity
        voucherTerms {
          validDays
          validUntil
          refundRule
          autoRefundOnExpiry
        }
        crossBorderMode
        consumptionTaxRateBps
      }
    }
  `,
);

export interface SpuStanding {
  id: string;
  shopId: string;
  status: SkuQuote['spuStatus'];
}

export interface CategoryStanding {
  id: string;
  status: 'ENABLED' | 'DISABLED';
}

/**
 * The products a PRODUCT_FLOOR of a storefront page shows (content): the catalog's own storefront
 * list (ON_SALE only, its order) for the floor's category and keyword.
 */
export const floorProducts = serviceOperation<
  { first: number; filter: { categoryId?: string | null; keyword?: string | null } },
  { products: { nodes: { id: string }[] } }
>(
  'catalog',
  /* GraphQL */ `
    query FloorProducts($first: Int!, $filter: ProductFilter) {
      products(first: $first, filter: $filter) {
        nodes {
          id
        }
      }
    }
  `,
);

/**
 * Whether SPUs and categories exist and sell, in one call (the content center's links, checked
 * when a page is saved and on every storefront read). Unknown ids are left out; at most 500 of each.
 */
export const linkStandings = serviceOperation<
  { spuIds: string[]; categoryIds: string[] },
  { spuStandings: SpuStanding[]; categoryStandings: CategoryStanding[] }
>(
  'catalog',
  /* GraphQL */ `
    query LinkStandings($spuIds: [ID!]!, $categoryIds: [ID!]!) {
      spuStandings(ids: $spuIds) {
        id
        shopId
        status
      }
      categoryStandings(ids: $categoryIds) {
        id
        status
      }
    }
  `,
);

/** A purchase delivery moves a SKU's cost price (moving average over `stockBefore` units); once per key. */
export const recordPurchaseCost = serviceMutation<
  'recordPurchaseCost',
  { key: string; skuId: string; quantity: number; unitCost: { amount: string; currencyCode: string }; stockBefore: number },
  { skuId: string | null; costPrice: Money | null }
>('catalog', 'recordPurchaseCost', 'skuId costPrice { amount currencyCode }');

/** Cost prices of SKUs (analytics' margins), through the catalog's own entity resolution; null where the merchant never gave one. */
export const skuCosts = serviceOperation<
  { representations: { __typename: 'Sku'; id: string }[] },
  { _entities: ({ id: string; costPrice: Money | null } | null)[] }
>(
  'catalog',
  /* GraphQL */ `
    query SkuCosts($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Sku {
          id
          costPrice {
            amount
            currencyCode
          }
        }
      }
    }
  `,
);
