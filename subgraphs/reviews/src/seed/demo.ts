import { count, sql } from 'drizzle-orm';
import { seedId, type Db } from '@zhongtai/kit';
import { filterVersion, sensitiveWords } from '../db/tables.ts';
import { foldWord } from '../domain/filter/normalize.ts';
import { SENSITIVE_WORD_ID_PREFIX } from '../domain/ids.ts';
import { DEMO_WORDS } from './words.ts';

/**
 * Demo data: the demo sensitive-word list. The demo has no completed orders (orders are placed,
 * paid and completed by the demo's users and tests), so no reviews are seeded: a review needs a
 * completed line of the reviewer's own order.
 */
export const seed = {
  async isEmpty(db: Db): Promise<boolean> {
    const [row] = await db.select({ n: count() }).from(sensitiveWords);
    return (row?.n ?? 0) === 0;
  },
  async run(db: Db): Promise<void> {
    await db.transaction(async (tx) => {
      await tx
        .insert(sensitiveWords)
        .values(
          DEMO_WORDS.map((w, i) => ({
            id: seedId(SENSITIVE_WORD_ID_PREFIX, i + 1),
            word: w.word,
            folded: String.fromCodePoint(...foldWord(w.word)),
            wordClass: w.wordClass,
          })),
        )
        .onConflictDoNothing();
      await tx
        .insert(filterVersion)
        .values({ id: 1, version: 1 })
        .onConflictDoUpdate({ target: filterVersion.id, set: { version: sql`${filterVersion.version} + 1` } });
    });
  },
};
