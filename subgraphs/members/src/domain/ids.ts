import { membersService } from '@zhongtai/kit';

export const MEMBER_ID_PREFIX = membersService.MEMBER_ID_PREFIX;
export const LEVEL_ID_PREFIX = 'lvl';
export const ADDRESS_ID_PREFIX = 'adr';
export const POINTS_ENTRY_ID_PREFIX = 'pte';
