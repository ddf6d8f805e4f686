import type { ContentPageReleaseRow } from '../db/tables.ts';
import type { ContentPageReleaseResolvers } from '../generated/resolvers.ts';

/** A release as the API words it: `at` is when it happened. */
export const ContentPageRelease: ContentPageReleaseResolvers = {
  at: (release: ContentPageReleaseRow) => release.createdAt,
};
