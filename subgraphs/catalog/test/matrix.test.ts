import { beforeAll, describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { asc, eq } from 'drizzle-orm';
import { skus, type SkuRow } from '../src/db/tables.ts';
import { createAttributeDefinition, effectiveDefinitionsOf } from '../src/domain/attributes/attributes.ts';
import { createCategory } from '../src/domain/categories/categories.ts';
import { setSkuMatrix } from '../src/domain/skus/skuMatrixApply.ts';
import { createSpu, type CreateSpuInput } from '../src/domain/spus/spuCreate.ts';
import { ADMIN, cny, merchantOf, mustOk, openWorld, refusals, RUN } from './fixtures.ts';

const world = useTestWorld(openWorld);
let dresses: string;
const COLORS = ['黑色', '白色', '藏青色'];
const SIZES = ['S', 'M', 'L', 'XL'];

beforeAll(async () => {
  const admin = await world.as('catalog', ADMIN);
  dresses = mustOk(await createCategory(admin, { name: `连衣裙 Dresses ${RUN}`, parentId: world.tree.apparel })).id;
  // Inherited from the root 服装: every garment states its material.
  mustOk(await createAttributeDefinition(admin, { categoryId: world.tree.apparel, name: '材质', kind: 'DESCRIPTIVE', required: true }));
  mustOk(await createAttributeDefinition(admin, { categoryId: dresses, name: '款号', kind: 'KEY', required: true }));
  mustOk(await createAttributeDefinition(admin, { categoryId: dresses, name: '颜色', kind: 'SALES', required: true, allowedValues: [...COLORS, '红色'] }));
  mustOk(await createAttributeDefinition(admin, { categoryId: dresses, name: '尺码', kind: 'SALES', required: true, allowedValues: ['XS', ...SIZES] }));
}, 120_000);

const merchantA = () => world.as('catalog', merchantOf(world.shopA));
const skusOf = (spuId: string) => world.host.database.forCenter('catalog').select().from(skus).where(eq(skus.spuId, spuId)).orderBy(asc(skus.position));
const combo = (s: SkuRow) => s.salesAttributes.map((a) => a.value).join('/');

function dress(overrides: Partial<CreateSpuInput> = {}): CreateSpuInput {
  return {
    categoryId: dresses,
    name: `法式碎花连衣裙 Floral dress ${RUN}`,
    attributes: [
      { name: '款号', value: `FD-${RUN}` },
      { name: '材质', value: '雪纺 Chiffon' },
    ],
    matrix: {
      dimensions: [
        { name: '颜色', values: COLORS },
        { name: '尺码', values: SIZES },
      ],
      defaults: {
        codePrefix: `FD-${RUN}-${Math.random().toString(36).slice(2, 6)}`,
        salePrice: cny('299.00'),
        listPrice: cny('399.00'),
        costPrice: cny('120.00'),
        weightGrams: 350,
        volumeCm3: 2400,
      },
      skus: [
        {
          salesAttributes: [
            { name: '颜色', value: '黑色' },
            { name: '尺码', value: 'XL' },
          ],
          salePrice: cny('319.00'),
          weightGrams: 420,
        },
      ],
    },
    ...overrides,
  };
}

describe('category attributes', () => {
  it('inherits definitions down the tree', async () => {
    const defs = await effectiveDefinitionsOf(await merchantA(), dresses);
    expect(defs.map((d) => [d.name, d.kind, d.required])).toEqual([
      ['材质', 'DESCRIPTIVE', true],
      ['款号', 'KEY', true],
      ['颜色', 'SALES', true],
      ['尺码', 'SALES', true],
    ]);
  });

  it('refuses a product missing a required attribute or using a value the category does not allow', async () => {
    const input = dress({ attributes: [{ name: '材质', value: '棉' }] });
    input.matrix!.dimensions = [{ name: '颜色', values: ['紫色'] }];
    expect(refusals(await createSpu(await merchantA(), input))).toEqual([
      { field: ['input', 'attributes'], code: 'REQUIRED' },
      { field: ['input', 'matrix', 'skus', '0', 'salesAttributes'], code: 'INVALID' },
      { field: ['input', 'matrix', 'dimensions', '0', 'values', '0'], code: 'INVALID' },
      { field: ['input', 'matrix', 'dimensions'], code: 'REQUIRED' },
    ]);
  });
});

describe('SKU matrix', () => {
  it('generates 3 colors x 4 sizes = 12 SKUs, with per-row overrides and defaults', async () => {
    const spu = mustOk(await createSpu(await merchantA(), dress()));
    const rows = await skusOf(spu.id);
    expect(rows).toHaveLength(12);
    expect(rows.map(combo)).toEqual(COLORS.flatMap((c) => SIZES.map((s) => `${c}/${s}`)));
    expect(new Set(rows.map((r) => r.code)).size).toBe(12);
    const blackXl = rows.find((r) => combo(r) === '黑色/XL')!;
    expect([blackXl.priceAmount, blackXl.listPriceAmount, blackXl.costPriceAmount, blackXl.weightGrams]).toEqual([31900n, 39900n, 12000n, 420]);
    expect(rows.filter((r) => r !== blackXl).every((r) => r.priceAmount === 29900n && r.weightGrams === 350 && r.volumeCm3 === 2400)).toBe(true);
    expect(spu.minSalePriceAmount).toBe(29900n);
  });

  it('removing a size keeps the other SKUs (same ids) and deactivates the removed ones; re-adding revives them', async () => {
    const spu = mustOk(await createSpu(await merchantA(), dress()));
    const before = await skusOf(spu.id);
    const idOf = new Map(before.map((r) => [combo(r), r.id]));

    mustOk(
      await setSkuMatrix(await merchantA(), {
        spuId: spu.id,
        dimensions: [
          { name: '颜色', values: COLORS },
          { name: '尺码', values: ['S', 'M', 'L'] },
        ],
      }),
    );
    const after = await skusOf(spu.id);
    expect(after).toHaveLength(12); // nothing deleted: orders may point at the XL SKUs
    const active = after.filter((r) => r.status === 'ACTIVE');
    expect(active.map(combo).sort()).toEqual(COLORS.flatMap((c) => ['S', 'M', 'L'].map((s) => `${c}/${s}`)).sort());
    for (const r of after) expect(r.id).toBe(idOf.get(combo(r)));
    expect(
      after
        .filter((r) => r.status === 'INACTIVE')
        .map(combo)
        .sort(),
    ).toEqual(COLORS.map((c) => `${c}/XL`).sort());

    // Adding a color adds 3 SKUs and keeps the rest; XL comes back with its old ids.
    mustOk(
      await setSkuMatrix(await merchantA(), {
        spuId: spu.id,
        dimensions: [
          { name: '颜色', values: [...COLORS, '红色'] },
          { name: '尺码', values: SIZES },
        ],
        defaults: { codePrefix: `RED-${RUN}-${spu.id.slice(-4)}`, salePrice: cny('289.00') },
      }),
    );
    const grown = await skusOf(spu.id);
    expect(grown).toHaveLength(16);
    expect(grown.every((r) => r.status === 'ACTIVE')).toBe(true);
    for (const r of grown) if (idOf.has(combo(r))) expect(r.id).toBe(idOf.get(combo(r)));
    expect(grown.filter((r) => combo(r).startsWith('红色')).map((r) => r.priceAmount)).toEqual([28900n, 28900n, 28900n, 28900n]);
  });

  it('refuses a matrix with values the category does not allow, a new row without a code, and writes nothing', async () => {
    const spu = mustOk(await createSpu(await merchantA(), dress()));
    const result = await setSkuMatrix(await merchantA(), {
      spuId: spu.id,
      dimensions: [
        { name: '颜色', values: ['黑色', '黑色'] },
        { name: '尺码', values: ['XS', 'XXL'] },
      ],
    });
    expect(refusals(result)).toEqual(
      expect.arrayContaining([
        { field: ['input', 'dimensions', '0', 'values', '1'], code: 'DUPLICATE' },
        { field: ['input', 'dimensions', '1', 'values', '1'], code: 'INVALID' },
      ]),
    );
    const noCode = await setSkuMatrix(await merchantA(), {
      spuId: spu.id,
      dimensions: [
        { name: '颜色', values: ['黑色'] },
        { name: '尺码', values: ['XS'] },
      ],
    });
    expect(refusals(noCode)).toEqual([{ field: ['input', 'dimensions', 'salePrice'], code: 'REQUIRED' }]);
    expect((await skusOf(spu.id)).every((r) => r.status === 'ACTIVE')).toBe(true);
  });

  it('a merchant cannot regenerate another shop’s matrix', async () => {
    const spu = mustOk(await createSpu(await merchantA(), dress()));
    await expect(setSkuMatrix(await world.as('catalog', merchantOf(world.shopB)), { spuId: spu.id, dimensions: [] })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
