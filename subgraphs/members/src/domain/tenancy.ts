import { tenancy } from '@zhongtai/kit';
import { addresses, members, pointsEntries } from '../db/tables.ts';

/**
 * A member's own data (points, addresses, full phone) is for the member, operators, analysts and
 * other centers; a merchant reaches a buyer of its shop only by reference (resolvers/scopes.ts),
 * and sees the name and a masked phone; a customer never sees another member.
 */
export const memberTenancy = tenancy<typeof members, { id: string }>('member', members, { member: 'id' });
export const addressTenancy = tenancy<typeof addresses, { memberId: string }>('address', addresses, { member: 'memberId', memberWrites: true });
export const pointsEntryTenancy = tenancy<typeof pointsEntries, { memberId: string }>('points entry', pointsEntries, { member: 'memberId' });
