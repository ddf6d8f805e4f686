import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';
import { ADDRESS, buyableSkus, type BuyableSku } from './support/shopping.ts';
import { residentId } from './support/crossBorder.ts';

// Races need real row locks and parallel connections: PostgreSQL only (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('cross-border annual limit under concurrency (PostgreSQL)', () => {
  let t: TestGraph;
  let sku: BuyableSku;
  const annualBefore = process.env.CROSS_BORDER_ANNUAL_LIMIT;

  beforeAll(async () => {
    t = await startTestGraph();
    process.env.CROSS_BORDER_ANNUAL_LIMIT = '3000.00';
    sku = (await buyableSkus(t, t.shopA, 1, 12))[0]!;
    const flagged = await t.gql<{ updateSku: { userErrors: unknown[] } }>(
      'mutation($input: UpdateSkuInput!) { updateSku(input: $input) { userErrors { code message } } }',
      { input: { id: sku.id, crossBorderMode: 'DIRECT_MAIL', price: { amount: '1000.00', currencyCode: 'CNY' } } },
      t.tokens.merchantA,
    );
    expect(flagged.data!.updateSku.userErrors).toEqual([]);
  }, 300_000);
  afterAll(async () => {
    if (annualBefore === undefined) delete process.env.CROSS_BORDER_ANNUAL_LIMIT;
    else process.env.CROSS_BORDER_ANNUAL_LIMIT = annualBefore;
    await t?.stop();
  });

  it('two concurrent orders of one ID number that fit the annual limit only together with neither: exactly one passes', async () => {
    const idNumber = residentId(42);
    // Each 2 units (under 2,000 CNY): one fits in 3,000 CNY, two never do.
    const place = (key: string) =>
      t.gql<{ placeOrder: { checkout: { id: string } | null; userErrors: { code: string }[] } }>(
        'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id } userErrors { code } } }',
        { input: { idempotencyKey: key, lines: [{ skuId: sku.id, quantity: 2 }], address: ADDRESS, buyerIdentity: { realName: '王芳', idNumber } } },
        t.tokens.customer,
      );
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([place(`xb-race-${round}-a`), place(`xb-race-${round}-b`)]);
      for (const a of answers) if (!a.data) throw new Error(JSON.stringify(a.errors));
      const placed = answers.filter((a) => a.data!.placeOrder.checkout);
      const refused = answers.flatMap((a) => a.data!.placeOrder.userErrors.map((e) => e.code));
      // The first round: one passes, one is refused; later rounds: the year is used up, both are refused.
      expect(placed.length).toBe(round === 0 ? 1 : 0);
      expect(refused).toEqual(round === 0 ? ['CROSS_BORDER_ANNUAL_LIMIT'] : ['CROSS_BORDER_ANNUAL_LIMIT', 'CROSS_BORDER_ANNUAL_LIMIT']);
    }
  });
});
