import type { DeliveryAddress } from '../events/catalog.ts';
import type { Prng } from '../prng.ts';
import { DAY, SEED_NOW, WINDOW_START } from './calendar.ts';
import { bigId } from './ids.ts';

/**
 * Members, numbered in the order they registered: from a year before the order window to two
 * days before "now". An order picks a member who had registered by then, early members more
 * often (loyal customers order more), so a few members have many orders and most have a few.
 */
const REGISTRATION_OPENED = WINDOW_START - 365 * DAY;
const REGISTRATION_LAST = SEED_NOW - 2 * DAY;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '晓',
  '婷',
  '浩',
  '雪',
];
const PLACES = [
  ['广东省', '深圳市', '南山区'],
  ['广东省', '广州市', '天河区'],
  ['上海市', '上海市', '浦东新区'],
  ['北京市', '北京市', '朝阳区'],
  ['浙江省', '杭州市', '西湖区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['四川省', '成都市', '武侯区'],
  ['湖北省', '武汉市', '洪山区'],
  ['陕西省', '西安市', '雁塔区'],
  ['山东省', '青岛市', '市南区'],
  ['新疆', '乌鲁木齐市', '天山区'],
] as const;

export const memberId = (m: number) => bigId('mbr', m);
export const memberName = (m: number) => `${SURNAMES[m % SURNAMES.length]}${GIVEN[Math.floor(m / SURNAMES.length) % GIVEN.length]}`;
export const memberPhone = (m: number) => `15${String(m).padStart(9, '0')}`;

export function registeredAt(m: number, members: number): Date {
  return new Date(REGISTRATION_OPENED + Math.floor(((REGISTRATION_LAST - REGISTRATION_OPENED) * m) / members));
}

/** The member's default address, as an order copies it. */
export function homeOf(m: number): DeliveryAddress {
  const [province, city, district] = PLACES[(m * 7) % PLACES.length]!;
  return {
    receiver: memberName(m),
    phone: memberPhone(m),
    province,
    city,
    district,
    detail: `幸福路 ${(m % 900) + 1} 号 ${(m % 30) + 1} 栋 ${(m % 2000) + 101} 室`,
  };
}

/** A member registered before `at`; early ones more often. */
export function pickMember(prng: Prng, at: number, members: number): number {
  const span = REGISTRATION_LAST - REGISTRATION_OPENED;
  const registered = Math.max(1, Math.min(members, Math.floor(((at - REGISTRATION_OPENED) / span) * members)));
  return Math.min(registered - 1, Math.floor(registered * prng.next() ** 2));
}
