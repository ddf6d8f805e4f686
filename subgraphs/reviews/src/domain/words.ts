import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import { assertCan, isId, listTable, newId, ok, Problems, scopedWhere, type ConnectionArgs, type Db, type RequestContext, type Result } from '@zhongtai/kit';
import { filterVersion, sensitiveWords, type SensitiveWordRow } from '../db/tables.ts';
import { foldWord } from './filter/normalize.ts';
import { compileWords, type WordClass, type WordFilter } from './filter/screen.ts';
import { SENSITIVE_WORD_ID_PREFIX } from './ids.ts';
import { sensitiveWordTenancy } from './tenancy.ts';

const MAX_WORDS_PER_CALL = 1_000;
const MAX_WORD_LENGTH = 50;

/**
 * The compiled word list of each database, rebuilt when the list's version moved: every change
 * bumps `filter_version` in its transaction, so each process (all-in-one or one per center) sees
 * a change at its next screening, at the cost of one small query per screening.
 */
const compiled = new WeakMap<Db, { version: number; filter: WordFilter }>();

export async function currentFilter(db: Db): Promise<WordFilter> {
  const [row] = await db.select({ version: filterVersion.version }).from(filterVersion).where(eq(filterVersion.id, 1));
  const version = row?.version ?? 0;
  const cached = compiled.get(db);
  if (cached && cached.version === version) return cached.filter;
  const words = await db.select({ word: sensitiveWords.word, wordClass: sensitiveWords.wordClass }).from(sensitiveWords);
  const filter = compileWords(words);
  compiled.set(db, { version, filter });
  return filter;
}

async function bumpVersion(tx: Db): Promise<void> {
  await tx
    .insert(filterVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: filterVersion.id, set: { version: sql`${filterVersion.version} + 1` } });
}

export interface WordInput {
  word: string;
  wordClass: WordClass;
}

/**
 * Adds words, or reclassifies ones already listed (a word is the same word however it is written:
 * `ＦＵＣＫ` and `fuck` fold alike, so the list keeps one of them). All or nothing.
 */
export async function addSensitiveWords(ctx: RequestContext, input: { words: WordInput[] }): Promise<Result<SensitiveWordRow[]>> {
  assertCan(ctx, sensitiveWordTenancy, {} as SensitiveWordRow, 'write');
  const problems = new Problems();
  problems.check(input.words.length > 0, ['input', 'words'], 'REQUIRED', 'Give at least one word');
  problems.check(input.words.length <= MAX_WORDS_PER_CALL, ['input', 'words'], 'TOO_MANY', `At most ${MAX_WORDS_PER_CALL} words at a time`);
  const byFolded = new Map<string, { word: string; wordClass: WordClass }>();
  input.words.forEach((w, i) => {
    const word = w.word.trim();
    const folded = String.fromCodePoint(...foldWord(word));
    const field = ['input', 'words', String(i), 'word'];
    if (!problems.check(word.length <= MAX_WORD_LENGTH, field, 'TOO_LONG', `A word is at most ${MAX_WORD_LENGTH} characters`)) return;
    if (!problems.check(folded.length > 0, field, 'INVALID', 'A word needs a letter, digit or character that is not punctuation')) return;
    byFolded.set(folded, { word, wordClass: w.wordClass });
  });
  if (problems.any) return problems.refuse();
  const rows = await ctx.db.transaction(async (tx) => {
    const saved: SensitiveWordRow[] = [];
    for (const [folded, w] of byFolded) {
      const [row] = await tx
        .insert(sensitiveWords)
        .values({ id: newId(SENSITIVE_WORD_ID_PREFIX), word: w.word, folded, wordClass: w.wordClass })
        .onConflictDoUpdate({ target: sensitiveWords.folded, set: { word: w.word, wordClass: w.wordClass, updatedAt: new Date() } })
        .returning();
      if (row) saved.push(row);
    }
    await bumpVersion(tx);
    return saved;
  });
  return ok(rows);
}

export async function removeSensitiveWord(ctx: RequestContext, input: { id: string }): Promise<Result<string>> {
  assertCan(ctx, sensitiveWordTenancy, {} as SensitiveWordRow, 'write');
  const problems = new Problems();
  if (!isId(SENSITIVE_WORD_ID_PREFIX, input.id)) return problems.add(['input', 'id'], 'INVALID_ID', `"${input.id}" is not a sensitive word id`).refuse();
  const removed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(sensitiveWords).where(eq(sensitiveWords.id, input.id)).returning({ id: sensitiveWords.id });
    if (row) await bumpVersion(tx);
    return row;
  });
  if (!removed) return problems.add(['input', 'id'], 'NOT_FOUND', `Sensitive word ${input.id} not found`).refuse();
  return ok(removed.id);
}

export function listSensitiveWords(ctx: RequestContext, args: ConnectionArgs, filter: { wordClass?: WordClass | null; contains?: string | null }) {
  const conditions: (SQL | undefined)[] = [scopedWhere(ctx, sensitiveWordTenancy)];
  if (filter.wordClass) conditions.push(eq(sensitiveWords.wordClass, filter.wordClass));
  const contains = filter.contains ? String.fromCodePoint(...foldWord(filter.contains)) : '';
  if (contains) conditions.push(like(sensitiveWords.folded, `%${contains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return listTable(ctx.db, sensitiveWords, args, { where: and(...conditions), sort: { column: sensitiveWords.createdAt, direction: 'DESC' } });
}
