import { catalogService, isId, parseUnitPrice, type MoneyInput, type Problems } from '@zhongtai/kit';
import type { SupplierRow } from '../db/tables.ts';

export interface OfferInput {
  skuId: string;
  supplyPrice: MoneyInput;
}

export interface CheckedOffer {
  skuId: string;
  supplyPrice: bigint;
  currency: string;
}

export const MAX_OFFERS_PER_CALL = 100;

const rowField = (i: number, name: string) => ['input', 'offers', String(i), name];

/** The rows' own shape: ids, no SKU twice, prices. Needs nothing but the input. */
export function checkOfferRows(problems: Problems, offers: OfferInput[]): (bigint | undefined)[] {
  if (problems.check(offers.length > 0, ['input', 'offers'], 'REQUIRED', 'Give at least one offer')) {
    problems.check(offers.length <= MAX_OFFERS_PER_CALL, ['input', 'offers'], 'TOO_MANY', `At most ${MAX_OFFERS_PER_CALL} offers at once`);
  }
  const seen = new Set<string>();
  return offers.map((offer, i) => {
    if (problems.check(isId(catalogService.SKU_ID_PREFIX, offer.skuId), rowField(i, 'skuId'), 'INVALID_ID', `"${offer.skuId}" is not a SKU id`)) {
      problems.check(!seen.has(offer.skuId), rowField(i, 'skuId'), 'DUPLICATE', `SKU ${offer.skuId} is listed twice`);
      seen.add(offer.skuId);
    }
    return parseUnitPrice(offer.supplyPrice, problems, rowField(i, 'supplyPrice'));
  });
}

/**
 * What catalog says about each row's SKU: it exists, belongs to the supplier's shop, ships (a
 * service is never shipped) and is priced in the supply price's currency.
 */
export function checkOffersAgainstCatalog(
  problems: Problems,
  supplier: SupplierRow,
  offers: OfferInput[],
  prices: (bigint | undefined)[],
  quotes: Map<string, catalogService.SkuQuote>,
): CheckedOffer[] {
  const checked: CheckedOffer[] = [];
  offers.forEach((offer, i) => {
    const quote = quotes.get(offer.skuId);
    const field = rowField(i, 'skuId');
    if (!problems.check(!!quote, field, 'NOT_FOUND', `Row ${i + 1}: SKU ${offer.skuId} does not exist`)) return;
    if (!problems.check(quote!.shopId === supplier.shopId, field, 'INVALID', `Row ${i + 1}: SKU ${quote!.code} belongs to another shop than the supplier`))
      return;
    if (!problems.check(quote!.productType !== 'SERVICE', field, 'INVALID', `Row ${i + 1}: ${quote!.spuName} is a service; services are never shipped`)) return;
    const currency = quote!.price.currencyCode;
    if (
      !problems.check(
        offer.supplyPrice.currencyCode === currency,
        rowField(i, 'supplyPrice').concat('currencyCode'),
        'CURRENCY_MISMATCH',
        `Row ${i + 1}: the SKU is priced in ${currency}`,
      )
    )
      return;
    const price = prices[i];
    if (price !== undefined) checked.push({ skuId: offer.skuId, supplyPrice: price, currency });
  });
  return checked;
}
