import { count } from 'drizzle-orm';
import { demoPlatformStaffId, type Db } from '@zhongtai/kit';
import { supportAgents } from '../db/ticketTables.ts';

/**
 * The support desk of the demo: the platform's CS agent takes every category and the operator
 * takes payments and accounts, so a ticket opened in the explorer is assigned at once. Requests
 * and tickets come from customers, not from the seed.
 */
export const seed = {
  async isEmpty(db: Db) {
    const [row] = await db.select({ n: count() }).from(supportAgents);
    return (row?.n ?? 0) === 0;
  },

  async run(db: Db) {
    const at = new Date(Date.UTC(2025, 0, 6, 2, 0, 0));
    await db
      .insert(supportAgents)
      .values([
        { staffId: demoPlatformStaffId('CS_AGENT'), categories: [], active: true, createdAt: at, updatedAt: at },
        { staffId: demoPlatformStaffId('OPERATOR'), categories: ['PAYMENT', 'ACCOUNT'], active: true, createdAt: at, updatedAt: at },
      ])
      .onConflictDoNothing();
  },
};
