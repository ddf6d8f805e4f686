import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { listTable, newId, Problems, scopedWhere, type ConnectionArgs, type Db, type RequestContext } from '@zhongtai/kit';
import { moderationCases, type ModerationCaseRow } from '../db/tables.ts';
import { screenText } from './filter/screen.ts';
import { MODERATION_CASE_ID_PREFIX } from './ids.ts';
import { imageModeration } from './images.ts';
import { moderationCaseTenancy } from './tenancy.ts';
import { currentFilter } from './words.ts';

type Part = ModerationCaseRow['part'];
type Reason = ModerationCaseRow['reason'];

/** What moderation decided about a text (and its images) before anything is written. */
export type Outcome =
  | { kind: 'BLOCKED' }
  | {
      kind: 'PUBLISH' | 'HOLD';
      /** The text as it will be shown: MASK words replaced by `*`. */
      text: string;
      /** Why it is held: the REVIEW-class words found, the images held. */
      holds: { reason: Reason; findings: string[] }[];
    };

/**
 * Every text goes through here before it is stored: BLOCK words refuse it, REVIEW words or a held
 * image hold it for an operator (PENDING_MODERATION), MASK words are masked; clean text publishes.
 */
export async function moderate(ctx: RequestContext, text: string, imageUrls: readonly string[] = []): Promise<Outcome> {
  const screening = screenText(await currentFilter(ctx.db), text);
  if (screening.verdict === 'BLOCK') return { kind: 'BLOCKED' };
  const holds: { reason: Reason; findings: string[] }[] = [];
  if (screening.verdict === 'REVIEW') {
    holds.push({ reason: 'SENSITIVE_WORDS', findings: [...new Set(screening.hits.filter((h) => h.wordClass === 'REVIEW').map((h) => h.word))] });
  }
  const heldImages = imageUrls.length ? await imageModeration().held(ctx, imageUrls) : [];
  if (heldImages.length) holds.push({ reason: 'IMAGE', findings: heldImages });
  return { kind: holds.length ? 'HOLD' : 'PUBLISH', text: screening.masked, holds };
}

/** The refusal of a BLOCKed text: it names no word (naming it would teach the way around the list). */
export function refuseBlocked(problems: Problems, field: string[]): Problems {
  return problems.add(field, 'INVALID', 'This text contains words that cannot be published; please rephrase it');
}

/** Opens the cases of a held part, in the caller's transaction. */
export async function openCases(tx: Db, review: { id: string; shopId: string }, part: Part, holds: { reason: Reason; findings: string[] }[]): Promise<void> {
  for (const hold of holds) {
    await tx
      .insert(moderationCases)
      .values({ id: newId(MODERATION_CASE_ID_PREFIX), reviewId: review.id, shopId: review.shopId, part, reason: hold.reason, findings: hold.findings })
      .onConflictDoUpdate({
        target: [moderationCases.reviewId, moderationCases.part, moderationCases.reason],
        targetWhere: sql`${moderationCases.status} = 'OPEN'`,
        set: { findings: sql`${moderationCases.findings} || excluded.findings`, updatedAt: new Date() },
      });
  }
}

export function listCases(ctx: RequestContext, args: ConnectionArgs, filter: { status?: ModerationCaseRow['status'] | null; shopId?: string | null }) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, moderationCaseTenancy, { shopId: filter.shopId })];
  conditions.push(eq(moderationCases.status, filter.status ?? 'OPEN'));
  return listTable(ctx.db, moderationCases, args, { where: and(...conditions), sort: { column: moderationCases.createdAt, direction: 'ASC' } });
}

/** The other open cases of the same part of a review (a part is published once none is left). */
export async function openCasesOf(tx: Db, reviewId: string, part: Part): Promise<ModerationCaseRow[]> {
  return tx
    .select()
    .from(moderationCases)
    .where(and(eq(moderationCases.reviewId, reviewId), eq(moderationCases.part, part), eq(moderationCases.status, 'OPEN')))
    .orderBy(asc(moderationCases.createdAt));
}
