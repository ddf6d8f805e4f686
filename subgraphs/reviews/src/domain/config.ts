import { numberSetting } from '@zhongtai/kit';

/** Reviews settings, read at call time from the environment so demos and tests can change them. */
export interface ReviewSettings {
  /** A line is reviewable once its order is COMPLETED, or already DELIVERED. REVIEW_AFTER: COMPLETED (default) or DELIVERED. */
  reviewAfter: 'COMPLETED' | 'DELIVERED';
  /** A review is written within this after the order was completed (or delivered). REVIEW_WINDOW_DAYS, default 30. */
  reviewWindowDays: number;
  /** The follow-up (追评) within this after the same moment. REVIEW_FOLLOW_UP_DAYS, default 180. */
  followUpWindowDays: number;
}

export function reviewSettings(env: NodeJS.ProcessEnv = process.env): ReviewSettings {
  return {
    reviewAfter: env.REVIEW_AFTER === 'DELIVERED' ? 'DELIVERED' : 'COMPLETED',
    reviewWindowDays: numberSetting(env, 'REVIEW_WINDOW_DAYS', 30, 'positive'),
    followUpWindowDays: numberSetting(env, 'REVIEW_FOLLOW_UP_DAYS', 180, 'positive'),
  };
}
