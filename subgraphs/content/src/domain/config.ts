import { numberSetting } from '@zhongtai/kit';

/** Content settings, read at call time from the environment. */
export interface ContentSettings {
  /** 新人: a member who joined less than this many days ago sees items for new members. CONTENT_NEW_MEMBER_DAYS, default 30. */
  newMemberDays: number;
}

export function contentSettings(env: NodeJS.ProcessEnv = process.env): ContentSettings {
  return { newMemberDays: numberSetting(env, 'CONTENT_NEW_MEMBER_DAYS', 30, 'positive-integer') };
}
