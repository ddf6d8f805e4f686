import { sql } from 'drizzle-orm';
import { waitFor } from '@zhongtai/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

type Spus = { spus: { totalCount: number; nodes: { id: string; status: string; statusHistory: { to: string; reason: string | null }[] }[] } };
const SPUS = `query($shop: ID!, $status: SpuStatus) {
  spus(first: 100, filter: { shopId: $shop, status: $status }) { totalCount nodes { id status statusHistory { to reason } } }
}`;

describe('events: outbox, relay, queue, idempotent handler', () => {
  it('suspending a shop takes its products off shelf in catalog, once, however often the event is delivered', async () => {
    const shop = t.shopB;
    const onSale = (await t.gql<Spus>(SPUS, { shop, status: 'ON_SALE' }, t.tokens.admin)).data!.spus;
    expect(onSale.totalCount).toBeGreaterThan(0);

    const change = await t.gql(
      'mutation($id: ID!) { changeShopStatus(input: { id: $id, status: SUSPENDED, reason: "资质审核 audit" }) { shop { status } userErrors { code } } }',
      { id: shop },
      t.tokens.admin,
    );
    expect(change.data?.changeShopStatus.shop.status).toBe('SUSPENDED');

    await waitFor(async () => (await t.gql<Spus>(SPUS, { shop, status: 'ON_SALE' }, t.tokens.admin)).data!.spus.totalCount === 0, {
      what: 'catalog to take the products off shelf',
    });
    const after = (await t.gql<Spus>(SPUS, { shop, status: 'OFF_SHELF' }, t.tokens.admin)).data!.spus.nodes;
    const moved = after.filter((s) => onSale.nodes.some((o) => o.id === s.id));
    expect(moved).toHaveLength(onSale.totalCount);
    for (const spu of moved) expect(spu.statusHistory.at(-1)).toEqual({ to: 'OFF_SHELF', reason: 'shop suspended: 资质审核 audit' });

    // Redeliver: mark the outbox row unpublished so the relay sends the same event again.
    const shopsDb = t.graph.host!.database.forCenter('shops');
    await shopsDb.execute(sql`update shops.outbox set published_at = null where topic = 'ShopStatusChanged'`);
    expect(await t.graph.host!.bus!.relayNow()).toBeGreaterThan(0);
    const catalogDb = t.graph.host!.database.forCenter('catalog');
    await waitFor(
      async () => {
        const rows = await catalogDb.execute(sql`select count(*)::int as n from pgboss.job where name = 'catalog-ShopStatusChanged' and state <> 'completed'`);
        const n = Number((Array.isArray(rows) ? rows[0] : (rows as { rows: { n: number }[] }).rows[0])?.n ?? 0);
        return n === 0;
      },
      { what: 'the redelivered event to be handled' },
    );
    const again = (await t.gql<Spus>(SPUS, { shop, status: 'OFF_SHELF' }, t.tokens.admin)).data!.spus.nodes;
    for (const spu of again.filter((s) => onSale.nodes.some((o) => o.id === s.id))) {
      expect(spu.statusHistory.filter((h) => h.reason === 'shop suspended: 资质审核 audit')).toHaveLength(1);
    }
  });
});
