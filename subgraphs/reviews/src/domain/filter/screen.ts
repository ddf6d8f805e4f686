import { buildAutomaton, findAll, type Automaton } from './ahoCorasick.ts';
import { foldText, foldWord, isLatinWord, isWordChar, foldCode } from './normalize.ts';

/** What a listed word does to a text: refuse it, hold it for an operator, or publish it masked. */
export type WordClass = 'BLOCK' | 'REVIEW' | 'MASK';
/** A text's verdict: the most severe class of the words found, or CLEAN. */
export type Verdict = WordClass | 'CLEAN';

export interface ListedWord {
  word: string;
  wordClass: WordClass;
}

interface Entry extends ListedWord {
  /** Latin words match whole words only: `ass` is not found in `class`. */
  wholeWord: boolean;
}

/** A compiled word list: build once per version of the list, screen many texts with it. */
export type WordFilter = Automaton<Entry>;

export interface Hit {
  word: string;
  wordClass: WordClass;
  /** The span of the original text (UTF-16 indices), from the first to the last matched character, inserted characters included. */
  start: number;
  end: number;
}

export interface Screening {
  verdict: Verdict;
  hits: Hit[];
  /** The text with every MASK hit's span replaced by `*`, one per character. */
  masked: string;
}

const SEVERITY: Record<Verdict, number> = { CLEAN: 0, MASK: 1, REVIEW: 2, BLOCK: 3 };

export function compileWords(words: readonly ListedWord[]): WordFilter {
  return buildAutomaton(
    words.map((w) => {
      const key = foldWord(w.word);
      return { key, value: { ...w, wholeWord: isLatinWord(key) } };
    }),
  );
}

/** The listed words found in `text`, however they were disguised (see normalize.ts). */
export function findHits(filter: WordFilter, text: string): Hit[] {
  const folded = foldText(text);
  const hits: Hit[] = [];
  for (const match of findAll(filter, folded.codes)) {
    const start = folded.starts[match.start] ?? 0;
    const end = folded.ends[match.end - 1] ?? text.length;
    if (match.value.wholeWord && !(isBoundary(text, start - 1, -1) && isBoundary(text, end, 1))) continue;
    hits.push({ word: match.value.word, wordClass: match.value.wordClass, start, end });
  }
  return hits;
}

/** Whether the original character next to a match (at `index`) leaves it a whole word. */
function isBoundary(text: string, index: number, direction: 1 | -1): boolean {
  if (index < 0 || index >= text.length) return true;
  const unit = text.charCodeAt(index);
  // Looking back from a match, a low surrogate is the second half of the character before it.
  const at = direction === -1 && unit >= 0xdc00 && unit <= 0xdfff && index > 0 ? index - 1 : index;
  return !isWordChar(foldCode(text.codePointAt(at) ?? unit));
}

/** Screens a text: its verdict, the words found, and its masked form. */
export function screenText(filter: WordFilter, text: string): Screening {
  const hits = findHits(filter, text);
  let verdict: Verdict = 'CLEAN';
  for (const hit of hits) if (SEVERITY[hit.wordClass] > SEVERITY[verdict]) verdict = hit.wordClass;
  return {
    verdict,
    hits,
    masked: maskHits(
      text,
      hits.filter((h) => h.wordClass === 'MASK'),
    ),
  };
}

/** `text` with each hit's span replaced by one `*` per character (code point). */
export function maskHits(text: string, hits: readonly Pick<Hit, 'start' | 'end'>[]): string {
  if (!hits.length) return text;
  const masked = new Uint8Array(text.length);
  for (const { start, end } of hits) masked.fill(1, start, end);
  let result = '';
  let i = 0;
  for (const char of text) {
    result += masked[i] ? '*' : char;
    i += char.length;
  }
  return result;
}

/** The worse of two verdicts (a text and its images, a review and its follow-up). */
export function worse(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
