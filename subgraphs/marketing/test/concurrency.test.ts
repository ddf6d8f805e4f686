import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { marketingService, newId } from '@zhongtai/kit';
import { coupons, couponTemplates, flashSales, flashSaleTakes } from '../src/db/tables.ts';
import { claimCoupon } from '../src/domain/claims.ts';
import { createFlashSale } from '../src/domain/flashSales.ts';
import { createCouponTemplate } from '../src/domain/templates.ts';
import { ADMIN, anOrder, customer, openWorld, templateInput } from './fixtures.ts';

// Races need real connections: PGlite has one, so these run on PostgreSQL (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('concurrency (PostgreSQL)', () => {
  const world = useTestWorld(openWorld);
  const db = () => world.host.database.forCenter('marketing');

  async function template(totalQuantity: number, perMemberLimit: number) {
    const result = await createCouponTemplate(await world.as(ADMIN), templateInput({ totalQuantity, perMemberLimit }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.id;
  }
  const issued = async (templateId: string) => (await db().select({ n: count() }).from(coupons).where(eq(coupons.templateId, templateId)))[0]!.n;

  it('500 concurrent claims of a template with quantity 100 yield exactly 100 coupons', async () => {
    const id = await template(100, 1);
    const contexts = await Promise.all(Array.from({ length: 500 }, () => world.as(customer(newId('mbr')))));
    const results = await Promise.all(contexts.map((ctx) => claimCoupon(ctx, { templateId: id })));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.errors[0]!.code === 'SOLD_OUT')).toBe(true);
    expect(await issued(id)).toBe(100);
    const [row] = await db().select().from(couponTemplates).where(eq(couponTemplates.id, id));
    expect(row!.claimedCount).toBe(100);
  });

  it('one member racing 20 claims against a per-member limit of 2 gets 2', async () => {
    const id = await template(1000, 2);
    const member = newId('mbr');
    const contexts = await Promise.all(Array.from({ length: 20 }, () => world.as(customer(member))));
    const results = await Promise.all(contexts.map((ctx) => claimCoupon(ctx, { templateId: id })));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.errors[0]!.code === 'LIMIT_REACHED')).toBe(true);
    expect(await issued(id)).toBe(2);
  });

  it('a flash-sale quantity is never exceeded, nor a member limit, however many orders race', async () => {
    const sale = await createFlashSale(await world.as(ADMIN), {
      skuId: world.skus.phone,
      name: '秒杀 race',
      price: { amount: '1.00', currencyCode: 'CNY' },
      quantity: 50,
      perMemberLimit: 2,
      startsAt: new Date(Date.now() - 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
    });
    if (!sale.ok) throw new Error(JSON.stringify(sale.errors));
    const client = world.host.serviceClient('orders');
    const members = Array.from({ length: 40 }, () => newId('mbr'));
    // 40 members, 5 orders each of 1 or 2 units: 300 takes for 50 units.
    const takes = members.flatMap((memberId, m) =>
      Array.from({ length: 5 }, (_, k) =>
        client.call(marketingService.takeFlashSale, { input: { flashSaleId: sale.value.id, memberId, orderId: anOrder(), quantity: 1 + ((m + k) % 2) } }),
      ),
    );
    const results = (await Promise.all(takes)).map((r) => r.takeFlashSale);
    const taken = results.reduce((sum, r) => sum + (r.quantity ?? 0), 0);
    const [row] = await db().select().from(flashSales).where(eq(flashSales.id, sale.value.id));
    expect(taken).toBe(50);
    expect(row!.sold).toBe(50);
    // Guards against a per-member limit checked per order rather than summed over the member's
    // orders: 5 orders of 1-2 units each would let one member take up to 10. Sum each member's
    // units, from the answers (5 consecutive takes per member) and from the stored takes.
    const perMember = new Map<string, number>();
    results.forEach((r, i) => perMember.set(members[Math.floor(i / 5)]!, (perMember.get(members[Math.floor(i / 5)]!) ?? 0) + (r.quantity ?? 0)));
    expect(Math.max(...perMember.values())).toBeLessThanOrEqual(2);
    const stored = await db()
      .select({ memberId: flashSaleTakes.memberId, units: sql<number>`sum(${flashSaleTakes.quantity})::int` })
      .from(flashSaleTakes)
      .where(and(eq(flashSaleTakes.flashSaleId, sale.value.id), isNull(flashSaleTakes.releasedAt)))
      .groupBy(flashSaleTakes.memberId);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.reduce((sum, r) => sum + r.units, 0)).toBe(50);
    for (const r of stored) expect(r.units, r.memberId).toBeLessThanOrEqual(2);
    expect(new Set(results.flatMap((r) => r.userErrors.map((e) => e.code)))).toEqual(new Set(['SOLD_OUT', 'LIMIT_REACHED']));
  });
});
