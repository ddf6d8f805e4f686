import { Problems, seedId, type catalogService } from '@zhongtai/kit';
import { describe, expect, it } from 'vitest';
import type { SupplierRow } from '../src/db/tables.ts';
import { checkOfferRows, checkOffersAgainstCatalog, type OfferInput } from '../src/domain/offerInput.ts';
import { checkSupplierFields } from '../src/domain/supplierInput.ts';

const fields = (p: Problems) => p.errors.map((e) => `${e.field?.join('.')}:${e.code}`);
const cny = (amount: string) => ({ amount, currencyCode: 'CNY' as const });
const sku = (n: number) => seedId('sku', n);
const shopA = seedId('shp', 1);

describe('supplier fields', () => {
  it('trims, and keeps only the digits of a phone', () => {
    const p = new Problems();
    expect(checkSupplierFields(p, { code: ' HW-01 ', name: ' 华强代发 ', contactName: ' 林 ', contactPhone: '+86 755 8300-1234' }, true)).toEqual({
      code: 'HW-01',
      name: '华强代发',
      contactName: '林',
      contactPhone: '+8675583001234',
    });
    expect(p.errors).toEqual([]);
  });

  it('requires code and name on create, only what is given on update', () => {
    const p = new Problems();
    checkSupplierFields(p, { code: '', name: ' ' }, true);
    expect(fields(p)).toEqual(['input.code:REQUIRED', 'input.name:REQUIRED']);
    const q = new Problems();
    expect(checkSupplierFields(q, { contactPhone: null }, false)).toEqual({ contactPhone: null });
    expect(q.errors).toEqual([]);
  });

  it('refuses a code with spaces and a phone that is not one', () => {
    const p = new Problems();
    checkSupplierFields(p, { code: 'HW 01', name: 'x', contactPhone: 'call me' }, true);
    expect(fields(p)).toEqual(['input.code:INVALID', 'input.contactPhone:INVALID']);
  });
});

describe('drop-ship offer rows', () => {
  it('name every malformed row', () => {
    const p = new Problems();
    const prices = checkOfferRows(p, [
      { skuId: 'nope', supplyPrice: cny('1') },
      { skuId: sku(1), supplyPrice: cny('-1') },
      { skuId: sku(2), supplyPrice: cny('1.001') },
      { skuId: sku(2), supplyPrice: cny('3') },
    ]);
    expect(fields(p)).toEqual([
      'input.offers.0.skuId:INVALID_ID',
      'input.offers.1.supplyPrice.amount:NEGATIVE',
      'input.offers.2.supplyPrice.amount:INVALID',
      'input.offers.3.skuId:DUPLICATE',
    ]);
    expect(prices[3]).toBe(300n);
  });

  it('needs at least one row', () => {
    const p = new Problems();
    checkOfferRows(p, []);
    expect(fields(p)).toEqual(['input.offers:REQUIRED']);
  });

  it("accept only the supplier's shop's shippable SKUs in their currency", () => {
    const supplier = { id: seedId('sup', 1), shopId: shopA } as SupplierRow;
    const quote = (n: number, over: Partial<catalogService.SkuQuote> = {}) =>
      [
        sku(n),
        { id: sku(n), shopId: shopA, code: `C-${n}`, spuName: `P${n}`, productType: 'PHYSICAL', price: cny('10.00'), ...over } as catalogService.SkuQuote,
      ] as const;
    const quotes = new Map([
      quote(1),
      quote(2, { shopId: seedId('shp', 2) }),
      quote(3, { productType: 'SERVICE' }),
      quote(4, { price: { amount: '10', currencyCode: 'USD' } }),
    ]);
    const offers: OfferInput[] = [1, 2, 3, 4, 5].map((n) => ({ skuId: sku(n), supplyPrice: cny('6.50') }));
    const p = new Problems();
    const checked = checkOffersAgainstCatalog(
      p,
      supplier,
      offers,
      offers.map(() => 650n),
      quotes,
    );
    expect(checked).toEqual([{ skuId: sku(1), supplyPrice: 650n, currency: 'CNY' }]);
    expect(fields(p)).toEqual([
      'input.offers.1.skuId:INVALID',
      'input.offers.2.skuId:INVALID',
      'input.offers.3.supplyPrice.currencyCode:CURRENCY_MISMATCH',
      'input.offers.4.skuId:NOT_FOUND',
    ]);
    expect(p.errors[0]!.message).toMatch(/Row 2: SKU C-2 belongs to another shop/);
  });
});
