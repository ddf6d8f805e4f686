import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoShopId, fulfillmentService } from '@zhongtai/kit';
import { cny, openTestWorld, TEST_ADMIN as ADMIN, testMerchant as merchantOf, type TestWorld } from '@zhongtai/kit/testing';
import { fulfillmentCenter } from '../src/index.ts';
import { createTemplate, deleteTemplate, updateTemplate, type CreateTemplateInput } from '../src/domain/freightTemplates.ts';

const shopA = demoShopId(3);
const shopB = demoShopId(4);

let world: TestWorld;
beforeAll(async () => {
  world = await openTestWorld({ centers: [fulfillmentCenter] });
});
afterAll(async () => {
  await world?.close().catch(() => {});
});

const byWeight = (overrides: Partial<CreateTemplateInput> = {}): CreateTemplateInput => ({
  name: '按重量 By weight',
  chargeBy: 'WEIGHT',
  freeOverAmount: cny('99.00'),
  excludedProvinces: ['西藏'],
  rules: [
    { firstUnits: 1000, firstPrice: cny('10.00'), additionalUnits: 1000, additionalPrice: cny('5.00') },
    { provinces: ['新疆'], firstUnits: 1000, firstPrice: cny('20'), additionalUnits: 1000, additionalPrice: cny('10') },
  ],
  ...overrides,
});

const line = (weightGrams: number, amount: string, productType: 'PHYSICAL' | 'SERVICE' = 'PHYSICAL') => ({
  skuId: 'sku_x',
  quantity: 1,
  productType,
  weightGrams,
  volumeCm3: 0,
  amount: cny(amount),
});
const quote = (shopId: string, province: string, lines: ReturnType<typeof line>[]) =>
  world.host.serviceClient('x').call(fulfillmentService.quoteFreight, { input: { shopId, address: { province, city: '-', district: '-' }, lines } });

describe('freight templates', () => {
  it('refuses bad input with userErrors, all at once', async () => {
    const result = await createTemplate(await world.as(merchantOf(shopA)), {
      name: ' ',
      chargeBy: 'PIECE',
      freeOverQuantity: 0,
      excludedProvinces: ['西藏', '西藏自治区'],
      rules: [
        { provinces: ['上海'], firstUnits: 0, firstPrice: cny('-1'), additionalUnits: 1, additionalPrice: { amount: '1', currencyCode: 'USD' } },
        { provinces: ['上海市'], firstUnits: 1, firstPrice: cny('1.001'), additionalUnits: 1, additionalPrice: cny('1') },
      ],
    });
    expect(result.ok).toBe(false);
    const codes = !result.ok ? result.errors.map((e) => `${e.field?.join('.')}:${e.code}`) : [];
    expect(codes).toEqual(
      expect.arrayContaining([
        'input.name:REQUIRED',
        'input.excludedProvinces.1:DUPLICATE',
        'input.freeOverQuantity:OUT_OF_RANGE',
        'input.rules:REQUIRED',
        'input.rules.1.provinces:DUPLICATE',
        'input.rules.0.firstUnits:OUT_OF_RANGE',
        'input.rules.0.firstPrice.amount:NEGATIVE',
        'input.rules.0.additionalPrice.currencyCode:CURRENCY_MISMATCH',
        'input.rules.1.firstPrice.amount:INVALID',
      ]),
    );
  });

  it('a merchant manages its own shop only; the first template is the default', async () => {
    // A fresh context per step, as each step is a request (loaders cache per request).
    const merchant = () => world.as(merchantOf(shopA));
    const created = await createTemplate(await merchant(), byWeight());
    expect(created).toMatchObject({ ok: true, value: { shopId: shopA, isDefault: true, freeOverAmount: 9900n } });
    await expect(createTemplate(await merchant(), byWeight({ shopId: shopB } as never))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const other = await createTemplate(await world.as(ADMIN), {
      ...byWeight(),
      shopId: shopB,
      chargeBy: 'PIECE',
      rules: [{ firstUnits: 1, firstPrice: cny('6'), additionalUnits: 1, additionalPrice: cny('2') }],
    });
    expect(other.ok).toBe(true);
    if (!created.ok || !other.ok) return;
    await expect(updateTemplate(await merchant(), { id: other.value.id, name: 'mine now' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const second = await createTemplate(await merchant(), byWeight({ name: 'second', isDefault: true }));
    expect(second).toMatchObject({ ok: true, value: { isDefault: true } });
    expect(await deleteTemplate(await merchant(), { id: second.ok ? second.value.id : '' })).toMatchObject({ ok: false, errors: [{ code: 'INVALID' }] });
    expect(await updateTemplate(await merchant(), { id: created.value.id, isDefault: true })).toMatchObject({ ok: true, value: { isDefault: true } });
    expect(await deleteTemplate(await merchant(), { id: second.ok ? second.value.id : '' })).toMatchObject({ ok: true });
  });
});

describe('quoteFreight (the service contract the order center calls)', () => {
  it('prices by the default template: weight, free-shipping threshold, province rule, service lines', async () => {
    expect((await quote(shopA, '上海', [line(2500, '30.00')])).quoteFreight).toMatchObject({ deliverable: true, reason: null, freight: cny('20.00') });
    expect((await quote(shopA, '上海', [line(2500, '60.00'), line(2500, '39.00')])).quoteFreight.freight).toEqual(cny('0.00'));
    expect((await quote(shopA, '新疆维吾尔自治区', [line(1500, '10.00')])).quoteFreight.freight).toEqual(cny('30.00'));
    expect((await quote(shopA, '西藏', [line(0, '10.00', 'SERVICE')])).quoteFreight).toMatchObject({ deliverable: true, freight: cny('0.00') });
    expect((await quote(shopB, '上海', [line(1, '10.00'), line(1, '10.00')])).quoteFreight.freight).toEqual(cny('8.00'));
  });

  it('an undeliverable province is refused with a reason (the order center makes it a userError)', async () => {
    const { quoteFreight } = await quote(shopA, '西藏自治区', [line(500, '10.00')]);
    expect(quoteFreight).toMatchObject({ deliverable: false, reason: 'This shop does not deliver to 西藏自治区' });
    expect(quoteFreight.templateId).toMatch(/^frt_/);
  });

  it('a shop without a template ships free; only SERVICE callers may quote', async () => {
    expect((await quote(demoShopId(6), '上海', [line(500, '10.00')])).quoteFreight).toEqual({
      deliverable: true,
      reason: null,
      freight: cny('0.00'),
      templateId: null,
    });
    const token = await world.host.tokens.sign(merchantOf(shopA));
    const result = await world.host
      .center('fulfillment')
      .execute(
        { query: 'query { quoteFreight(input: { shopId: "x", address: { province: "a", city: "b", district: "c" }, lines: [] }) { deliverable } }' },
        new Headers({ authorization: `Bearer ${token}` }),
      );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
