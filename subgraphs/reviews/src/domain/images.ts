import { eq } from 'drizzle-orm';
import {
  anyOf,
  assertCan,
  isId,
  isUniqueViolation,
  listTable,
  newId,
  ok,
  optionalText,
  Problems,
  scopedWhere,
  type ConnectionArgs,
  type RequestContext,
  type Result,
} from '@zhongtai/kit';
import { bannedImages, type BannedImageRow } from '../db/tables.ts';
import { BANNED_IMAGE_ID_PREFIX } from './ids.ts';
import { bannedImageTenancy } from './tenancy.ts';

/**
 * Image moderation: which of a review's images must go to an operator. The built-in one checks a
 * list of banned image hashes; a real provider (a cloud content-safety API that looks at the
 * pixels) implements the same interface and is installed with `useImageModeration` at start.
 */
export interface ImageModeration {
  /** The URLs, of `urls`, to hold for an operator. */
  held(ctx: RequestContext, urls: readonly string[]): Promise<string[]>;
}

const HEX_DIGEST = /^[0-9a-f]{32,128}$/;

/**
 * The content hash an image URL carries: the platform's upload service names an image by its
 * content digest (`https://img.example.com/u/<sha256>.jpg`), so the hash is the last path
 * segment without its extension. A URL that carries none has no hash to match.
 */
export function imageHashOf(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const name = (path.split('/').pop() ?? '').replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  return HEX_DIGEST.test(name) ? name : null;
}

/** The built-in moderation: images whose content hash is on the banned list are held (one query). */
export const bannedHashModeration: ImageModeration = {
  async held(ctx, urls) {
    const hashes = new Map<string, string[]>();
    for (const url of urls) {
      const hash = imageHashOf(url);
      if (hash) hashes.set(hash, [...(hashes.get(hash) ?? []), url]);
    }
    if (!hashes.size) return [];
    const banned = await ctx.db
      .select({ hash: bannedImages.hash })
      .from(bannedImages)
      .where(anyOf(bannedImages.hash, [...hashes.keys()]));
    return banned.flatMap((b) => hashes.get(b.hash) ?? []);
  },
};

let provider: ImageModeration = bannedHashModeration;

/** Installs another image moderation (a real provider); the banned-hash list is the default. */
export function useImageModeration(moderation: ImageModeration): void {
  provider = moderation;
}

export const imageModeration = (): ImageModeration => provider;

export async function addBannedImage(ctx: RequestContext, input: { hash: string; note?: string | null }): Promise<Result<BannedImageRow>> {
  assertCan(ctx, bannedImageTenancy, {} as BannedImageRow, 'write');
  const problems = new Problems();
  const hash = input.hash.trim().toLowerCase();
  problems.check(HEX_DIGEST.test(hash), ['input', 'hash'], 'INVALID', 'A hash is a hex digest of 32 to 128 digits');
  const note = optionalText(problems, input.note, ['input', 'note'], 'Note', 500);
  if (problems.any) return problems.refuse();
  try {
    const [row] = await ctx.db
      .insert(bannedImages)
      .values({ id: newId(BANNED_IMAGE_ID_PREFIX), hash, note })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return ok(row);
  } catch (error) {
    if (isUniqueViolation(error, 'banned_images_hash_key')) return problems.add(['input', 'hash'], 'DUPLICATE', 'This hash is already banned').refuse();
    throw error;
  }
}

export async function removeBannedImage(ctx: RequestContext, input: { id: string }): Promise<Result<string>> {
  assertCan(ctx, bannedImageTenancy, {} as BannedImageRow, 'write');
  const problems = new Problems();
  if (!isId(BANNED_IMAGE_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a banned image id`).refuse();
  const [row] = await ctx.db.delete(bannedImages).where(eq(bannedImages.id, input.id)).returning({ id: bannedImages.id });
  if (!row) return problems.add(['input', 'id'], 'NOT_FOUND', `Banned image ${input.id} not found`).refuse();
  return ok(row.id);
}

export function listBannedImages(ctx: RequestContext, args: ConnectionArgs) {
  return listTable(ctx.db, bannedImages, args, { where: scopedWhere(ctx, bannedImageTenancy), sort: { column: bannedImages.createdAt, direction: 'DESC' } });
}
