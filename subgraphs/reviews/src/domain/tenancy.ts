import { eq } from 'drizzle-orm';
import { tenancy } from '@zhongtai/kit';
import { bannedImages, moderationCases, reviews, sensitiveWords, shopScores } from '../db/tables.ts';

/**
 * A review is its customer's and the reviewed shop's. A PUBLISHED one is public: anyone signed in
 * sees it (the storefront). The shop's staff `write` it (the reply); the customer's own steps
 * (follow-up) are checked with `callerMember`, so a customer never replies as the shop; hiding,
 * restoring and moderating are the platform's.
 */
export const reviewTenancy = tenancy('review', reviews, {
  shop: 'shopId',
  member: 'memberId',
  public: { row: (r) => r.status === 'PUBLISHED', where: eq(reviews.status, 'PUBLISHED') },
});

/** A customer's scores of a shop for an order: theirs and the shop's to read. */
export const shopScoreTenancy = tenancy('shop score', shopScores, { shop: 'shopId', member: 'memberId' });

/** The moderation queue: the platform's work; a case names the shop of its review (analysts read it too). */
export const moderationCaseTenancy = tenancy('moderation case', moderationCases, { shop: 'shopId', private: true });

/** The sensitive-word list and banned images are the platform's alone: no shop, no member, kept from analysts. */
export const sensitiveWordTenancy = tenancy('sensitive word', sensitiveWords, { private: true });
export const bannedImageTenancy = tenancy('banned image', bannedImages, { private: true });
