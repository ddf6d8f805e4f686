import type { JobDefinition } from '@zhongtai/kit';
import { expireDuePoints } from './domain/points.ts';

/** Points expire by a sweep every hour (UTC): lots past their date lose what is left of them. */
export const jobs: Record<string, JobDefinition> = {
  expirePoints: {
    cron: '17 * * * *',
    async handler(ctx) {
      const expired = await expireDuePoints(ctx);
      if (expired) console.log(`[members] expired ${expired} points`);
    },
  },
};
