import { count } from 'drizzle-orm';
import { Prng, type Db } from '@zhongtai/kit';
import { attributeDefinitions, brands, categories, priceChanges, skus, spus, spuStatusChanges } from '../db/tables.ts';
import { buildAttributeDefinitions, buildBrands, buildCategories, buildProducts } from './data/build.ts';

const SEED = 20250101;
const ROWS_PER_INSERT = 1000;

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Demo catalogue: the same ids, names and prices on every machine, matching the shops center's demo shops. */
export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(categories);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const tree = buildCategories();
    const brandSet = buildBrands();
    const products = buildProducts(new Prng(SEED), tree.idOf, brandSet.idOf);
    await db.transaction(async (tx) => {
      await tx.insert(categories).values(tree.rows).onConflictDoNothing();
      await tx.insert(attributeDefinitions).values(buildAttributeDefinitions(tree.idOf)).onConflictDoNothing();
      await tx.insert(brands).values(brandSet.rows).onConflictDoNothing();
      for (const rows of chunks(products.spus, ROWS_PER_INSERT)) await tx.insert(spus).values(rows).onConflictDoNothing();
      for (const rows of chunks(products.skus, ROWS_PER_INSERT)) await tx.insert(skus).values(rows).onConflictDoNothing();
      for (const rows of chunks(products.statusChanges, ROWS_PER_INSERT)) await tx.insert(spuStatusChanges).values(rows).onConflictDoNothing();
      for (const rows of chunks(products.priceChanges, ROWS_PER_INSERT)) await tx.insert(priceChanges).values(rows).onConflictDoNothing();
    });
  },
};
