import { count } from 'drizzle-orm';
import { demoPlatformStaffId, demoShopId, demoShopStaffId, PLATFORM_STAFF_ROLES, SHOP_STAFF_ROLES, type Db } from '@zhongtai/kit';
import { platformStaff, shops, shopStaff, type ShopRow } from '../db/tables.ts';

type DemoShop = Pick<ShopRow, 'name' | 'description' | 'status' | 'contactName' | 'contactPhone' | 'contactEmail'>;

const DEMO_SHOPS: DemoShop[] = [
  {
    name: '华为官方旗舰店 Huawei Official Store',
    description: '手机、平板、笔记本与智能穿戴',
    status: 'ACTIVE',
    contactName: '张伟',
    contactPhone: '+86 138 0000 0001',
    contactEmail: 'ops@huawei-store.example',
  },
  {
    name: '优衣库 UNIQLO Flagship',
    description: 'LifeWear 服适人生',
    status: 'ACTIVE',
    contactName: 'Li Na',
    contactPhone: '+86 139 0000 0002',
    contactEmail: 'shop@uniqlo.example',
  },
  {
    name: '三只松鼠 Three Squirrels',
    description: '坚果零食',
    status: 'ACTIVE',
    contactName: '王芳',
    contactPhone: '+86 137 0000 0003',
    contactEmail: 'kf@sanzhisongshu.example',
  },
  {
    name: '宜家家居 IKEA Home',
    description: 'Affordable home furnishing',
    status: 'ACTIVE',
    contactName: 'Erik Larsson',
    contactPhone: '+86 136 0000 0004',
    contactEmail: 'home@ikea.example',
  },
  {
    name: 'Nike 官方旗舰店',
    description: 'Just Do It',
    status: 'ACTIVE',
    contactName: '陈静',
    contactPhone: '+86 135 0000 0005',
    contactEmail: 'store@nike.example',
  },
  {
    name: '小米之家 Xiaomi Store',
    description: '为发烧而生 (suspended for an audit)',
    status: 'SUSPENDED',
    contactName: '刘洋',
    contactPhone: '+86 134 0000 0006',
    contactEmail: 'mi@xiaomi.example',
  },
];

const STAFF_NAMES = [
  ['张伟', 'zhang.wei'],
  ['李娜', 'li.na'],
  ['王强', 'wang.qiang'],
  ['Emily Chen', 'emily.chen'],
  ['赵敏', 'zhao.min'],
  ['David Wu', 'david.wu'],
] as const;

export const seed = {
  /** Also when an older database has shops but no platform staff yet (dev tokens name them). */
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(shops);
    const [staff] = await db.select({ n: count() }).from(platformStaff);
    return (row?.n ?? 0) === 0 || (staff?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const base = Date.UTC(2025, 0, 6, 2, 0, 0);
    const shopRows = DEMO_SHOPS.map((shop, i) => ({
      ...shop,
      id: demoShopId(i + 1),
      currencyCode: 'CNY' as const,
      createdAt: new Date(base + i * 86_400_000),
      updatedAt: new Date(base + i * 86_400_000),
    }));
    // One member per shop role; dev and test tokens name them (kit demoShopStaffId).
    const staffRows = shopRows.flatMap((shop, i) =>
      SHOP_STAFF_ROLES.map((role, k) => {
        const [name, handle] = STAFF_NAMES[(i + k) % STAFF_NAMES.length]!;
        return {
          id: demoShopStaffId(i + 1, role),
          shopId: shop.id,
          name,
          email: `${handle}@shop${i + 1}.example`,
          role,
          createdAt: new Date(base + i * 86_400_000 + k * 60_000),
          updatedAt: new Date(base + i * 86_400_000 + k * 60_000),
        };
      }),
    );
    const platformRows = PLATFORM_STAFF_ROLES.map((role, k) => ({
      id: demoPlatformStaffId(role),
      name: `平台 ${role.toLowerCase().replace('_', ' ')}`,
      email: `${role.toLowerCase().replace('_', '.')}@platform.example`,
      role,
      createdAt: new Date(base - 86_400_000 + k * 60_000),
      updatedAt: new Date(base - 86_400_000 + k * 60_000),
    }));
    await db.transaction(async (tx) => {
      await tx.insert(shops).values(shopRows).onConflictDoNothing();
      await tx.insert(shopStaff).values(staffRows).onConflictDoNothing();
      await tx.insert(platformStaff).values(platformRows).onConflictDoNothing();
    });
  },
};
