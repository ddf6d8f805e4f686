import { bigId, homeOf, load, memberId, memberName, memberPhone, registeredAt, type Rows, type Stage } from '@zhongtai/kit/largeSeed';
import { addresses, members } from '../db/tables.ts';

/** 会员: members with their default address; growth (levels) skewed to the early, loyal ones. No points ledger. */
export const membersStage: Stage<number> = {
  name: 'members',
  estimate: (world) => world.scale.members * 2,
  blocks: (world) => [world.scale.members],
  tables: [
    load(members, function* (count: number): Rows<typeof members> {
      for (let m = 0; m < count; m++) {
        const at = registeredAt(m, count);
        const growth = Math.floor(60_000 * (1 - m / count) ** 4 * (((m * 7919) % 100) / 100));
        yield {
          id: memberId(m),
          name: memberName(m),
          phone: memberPhone(m),
          status: m % 997 === 0 ? 'FROZEN' : 'ACTIVE',
          registeredAt: at,
          growth,
          pointsBalance: 0,
          createdAt: at,
          updatedAt: at,
        };
      }
    }),
    load(addresses, function* (count: number): Rows<typeof addresses> {
      for (let m = 0; m < count; m++) {
        const at = registeredAt(m, count);
        const home = homeOf(m);
        yield {
          id: bigId('adr', m),
          memberId: memberId(m),
          province: home.province,
          city: home.city,
          district: home.district,
          detail: home.detail,
          receiver: home.receiver,
          phone: home.phone,
          isDefault: true,
          createdAt: at,
          updatedAt: at,
        };
      }
    }),
  ],
};
