import type { JobDefinition } from '@zhongtai/kit';
import { expireCoupons } from './domain/coupons.ts';

/** Marks coupons past their date EXPIRED every hour (lists and pricing already treat them so). */
export const jobs: Record<string, JobDefinition> = {
  expireCoupons: {
    cron: '23 * * * *',
    async handler(ctx) {
      await expireCoupons(ctx);
    },
  },
};
