import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newId, rowsOf } from '@zhongtai/kit';
import { openTestWorld, useTestWorld } from '@zhongtai/kit/testing';
import { financeCenter } from '../src/index.ts';
import { deliver, envelope, ledgerInvariants } from './fixtures.ts';

const world = useTestWorld(() => openTestWorld({ centers: [financeCenter] }));
const db = () => world.host.database.forCenter('finance');
/** Each account's balance for one shop (debits positive). */
const balances = async (shopId: string) =>
  Object.fromEntries(
    (
      await rowsOf<{ code: string; total: string }>(
        await db().execute(sql`select code::text, sum(amount)::text as total from finance.postings where shop_id = ${shopId} group by code order by code`),
      )
    ).map((r) => [r.code, r.total]),
  );

describe('consignment (代销) postings', () => {
  it('a sale is owed to the consignor at its agreed price, a return takes it off; each posts once; the ledger balances', async () => {
    const shopId = newId('shp');
    const orderId = newId('ord');
    const saleId = newId('csa');
    const common = { consignorId: 'sup_01HK153X0000000000000CNSX1', shopId, orderId, skuId: newId('sku'), currencyCode: 'CNY', unitPrice: '3.50' };
    const sold = envelope('ConsignedUnitsSold', { ...common, saleId, warehouseId: 'wh_1', quantity: 3, amount: '10.50', soldAt: new Date().toISOString() });
    await deliver(world, sold);
    await deliver(world, sold);
    expect(await balances(shopId)).toEqual({ CONSIGNOR_PAYABLE: '-1050', CONSIGNMENT_COST: '1050' });

    const back = envelope('ConsignedUnitsReturned', {
      ...common,
      returnId: newId('csr'),
      saleId,
      quantity: 1,
      amount: '3.50',
      reason: 'RETURN',
      returnedAt: new Date().toISOString(),
    });
    await deliver(world, back);
    await deliver(world, back);
    expect(await balances(shopId)).toEqual({ CONSIGNOR_PAYABLE: '-700', CONSIGNMENT_COST: '700' });
    const kinds = await rowsOf<{ kind: string; n: number }>(
      await db().execute(sql`select kind::text, count(*)::int as n from finance.journal_entries where order_id = ${orderId} group by kind`),
    );
    expect(kinds).toEqual([{ kind: 'CONSIGNMENT', n: 2 }]);
    const { unbalanced } = await ledgerInvariants(world);
    expect(unbalanced).toEqual([]);
  });
});
