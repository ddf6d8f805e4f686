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
    reviewWindowDays: positive(env.REVIEW_WINDOW_DAYS, 30),
    followUpWindowDays: positive(env.REVIEW_FOLLOW_UP_DAYS, 180),
  };
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}
