import { bigId, CATALOG_OPENED, DAY, type LargeShop, load, type Rows, type Stage, type World } from '@zhongtai/kit/largeSeed';
import { shops, shopStaff } from '../db/tables.ts';

const KINDS = ['数码', '服饰', '零食', '家居', '运动', '母婴', '美妆', '图书', '家电', '户外'];
const CITIES = ['杭州', '深圳', '上海', '广州', '成都', '北京', '苏州', '武汉'];

const openedAt = (shop: LargeShop) => new Date(CATALOG_OPENED - (shop.index + 30) * DAY);
const shopName = (shop: LargeShop) =>
  `${CITIES[shop.index % CITIES.length]}${KINDS[shop.index % KINDS.length]}优选 ${String(shop.index + 1).padStart(3, '0')} 号店`;

/** 店铺: the generated shops (all active) and an owner and a manager each. */
export const shopsStage: Stage<World> = {
  name: 'shops',
  estimate: (world) => world.shops.length * 3,
  blocks: (world) => [world],
  tables: [
    load(shops, function* (world: World): Rows<typeof shops> {
      for (const shop of world.shops) {
        const at = openedAt(shop);
        yield {
          id: shop.id,
          name: shopName(shop),
          description: '生成的压测店铺 Generated shop',
          status: 'ACTIVE',
          currencyCode: 'CNY',
          contactName: `店长 ${shop.index + 1}`,
          contactPhone: `+86 186 ${String(shop.index).padStart(8, '0')}`,
          contactEmail: `owner@large-shop-${shop.index + 1}.example`,
          createdAt: at,
          updatedAt: at,
        };
      }
    }),
    load(shopStaff, function* (world: World): Rows<typeof shopStaff> {
      for (const shop of world.shops) {
        const at = openedAt(shop);
        yield {
          id: bigId('stf', shop.index * 2),
          shopId: shop.id,
          name: `店长 ${shop.index + 1}`,
          email: `owner@large-shop-${shop.index + 1}.example`,
          role: 'OWNER',
          status: 'ACTIVE',
          createdAt: at,
          updatedAt: at,
        };
        yield {
          id: bigId('stf', shop.index * 2 + 1),
          shopId: shop.id,
          name: `运营 ${shop.index + 1}`,
          email: `ops@large-shop-${shop.index + 1}.example`,
          role: 'OPERATIONS',
          status: 'ACTIVE',
          createdAt: at,
          updatedAt: at,
        };
      }
    }),
  ],
};
