import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { createBrand, setBrandCategories } from '../src/domain/brands/brands.ts';
import { createCategory, loadCategory } from '../src/domain/categories/categories.ts';
import { moveCategory, setCategoryStatus } from '../src/domain/categories/categoryTree.ts';
import { createSpu } from '../src/domain/spus/spuCreate.ts';
import { listSpus } from '../src/domain/spus/spus.ts';
import { ADMIN, merchantOf, mustOk, openWorld, refusals, RUN, sku, uniqueCode } from './fixtures.ts';

const world = useTestWorld(openWorld);

const admin = () => world.as('catalog', ADMIN);
const merchant = () => world.as('catalog', merchantOf(world.shopA));

describe('category tree', () => {
  it('moves a subtree: paths and depths follow, products filed below follow the subtree filter', async () => {
    const wearables = mustOk(await createCategory(await admin(), { name: `穿戴 Wearables ${RUN}`, parentId: world.tree.phones }));
    const watches = mustOk(await createCategory(await admin(), { name: `手表 Watches ${RUN}`, parentId: wearables.id }));
    const watch = mustOk(await createSpu(await merchant(), { categoryId: watches.id, name: `Watch GT 5 ${RUN}`, skus: [sku(uniqueCode())] }));

    mustOk(await moveCategory(await admin(), { id: wearables.id, parentId: world.tree.electronics, position: 3 }));
    const moved = (await loadCategory(await admin(), watches.id))!;
    expect([moved.path, moved.depth]).toEqual([`/${world.tree.electronics}/${wearables.id}/${watches.id}/`, 3]);
    const under = async (categoryId: string) => (await listSpus(await admin(), { first: 100 }, { categoryId })).nodes.map((n) => n.id);
    expect(await under(world.tree.phones)).not.toContain(watch.id);
    expect(await under(world.tree.electronics)).toContain(watch.id);

    expect(refusals(await moveCategory(await admin(), { id: wearables.id, parentId: watches.id }))).toEqual([
      { field: ['input', 'parentId'], code: 'INVALID' },
    ]);
    mustOk(await moveCategory(await admin(), { id: wearables.id, parentId: null }));
    expect((await loadCategory(await admin(), watches.id))!.depth).toBe(2);
  });

  it('disabling a category disables its subtree and refuses new products there', async () => {
    const parent = mustOk(await createCategory(await admin(), { name: `季节 Seasonal ${RUN}`, parentId: null }));
    const child = mustOk(await createCategory(await admin(), { name: `圣诞 Christmas ${RUN}`, parentId: parent.id }));
    mustOk(await setCategoryStatus(await admin(), { id: parent.id, status: 'DISABLED' }));
    expect((await loadCategory(await admin(), child.id))!.status).toBe('DISABLED');
    expect(refusals(await createSpu(await merchant(), { categoryId: child.id, name: 'x', skus: [sku(uniqueCode())] }))).toEqual([
      { field: ['input', 'categoryId'], code: 'INACTIVE' },
    ]);
    expect(refusals(await setCategoryStatus(await admin(), { id: child.id, status: 'ENABLED' }))).toEqual([{ field: ['input', 'id'], code: 'INACTIVE' }]);
    mustOk(await setCategoryStatus(await admin(), { id: parent.id, status: 'ENABLED' }));
    expect((await loadCategory(await admin(), child.id))!.status).toBe('ENABLED');
  });
});

describe('brands limited to categories', () => {
  it('a brand limited to 服装 fits its subtree only', async () => {
    const brand = mustOk(await createBrand(await admin(), { name: `优衣库 UNIQLO ${RUN}`, categoryIds: [world.tree.apparel] }));
    expect(
      refusals(await createSpu(await merchant(), { categoryId: world.tree.smartphones, brandId: brand.id, name: 'x', skus: [sku(uniqueCode())] })),
    ).toEqual([{ field: ['input', 'brandId'], code: 'INVALID' }]);
    mustOk(await createSpu(await merchant(), { categoryId: world.tree.apparel, brandId: brand.id, name: `U 圆领T恤 ${RUN}`, skus: [sku(uniqueCode())] }));
    mustOk(await setBrandCategories(await admin(), { brandId: brand.id, categoryIds: [] }));
    mustOk(await createSpu(await merchant(), { categoryId: world.tree.smartphones, brandId: brand.id, name: `U 手机壳 ${RUN}`, skus: [sku(uniqueCode())] }));
  });
});
