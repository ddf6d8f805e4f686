import { TRADITIONAL_TO_SIMPLIFIED } from './variants.ts';

/**
 * Text folded for matching, one code point at a time, remembering where each folded character
 * came from. Folding undoes the usual tricks: full-width forms become half-width (ｆ -> f), case
 * is dropped, a traditional character becomes its simplified form where the mapping has it, and
 * whitespace, punctuation, symbols and invisible characters are left out (f.u.c.k -> fuck), so a
 * match may span them in the original text.
 */
export interface FoldedText {
  /** The folded code points, ignorable characters left out. */
  codes: number[];
  /** For each folded code point, the UTF-16 index of its character in the original text. */
  starts: number[];
  /** For each folded code point, the UTF-16 index just after its character in the original text. */
  ends: number[];
}

const IGNORABLE = /[\p{P}\p{S}\p{Z}\p{C}]/u;
const ALNUM = /[\p{L}\p{N}]/u;
// 0 = not classified yet, 1 = kept, 2 = ignorable; per BMP code point, filled on first sight.
const bmpClass = new Uint8Array(0x10000);

/** Whether a (folded) code point is left out of matching: whitespace, punctuation, symbols, control and format characters. */
export function isIgnorable(code: number): boolean {
  if (code < 0x10000) {
    let cls = bmpClass[code] ?? 0;
    if (cls === 0) bmpClass[code] = cls = IGNORABLE.test(String.fromCharCode(code)) ? 2 : 1;
    return cls === 2;
  }
  return IGNORABLE.test(String.fromCodePoint(code));
}

/** One code point folded: full-width to half-width, lower case, traditional to simplified. */
export function foldCode(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e)
    code -= 0xfee0; // full-width ASCII forms
  else if (code === 0x3000) return 0x20; // ideographic space
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code < 0x80) return code;
  if (code < 0x0530) return String.fromCodePoint(code).toLowerCase().codePointAt(0) ?? code; // Latin, Greek, Cyrillic letters with case
  return TRADITIONAL_TO_SIMPLIFIED.get(code) ?? code;
}

/** Folds `text` for matching (see FoldedText). */
export function foldText(text: string): FoldedText {
  const codes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const char of text) {
    const next = i + char.length;
    const code = foldCode(char.codePointAt(0) ?? 0);
    if (!isIgnorable(code)) {
      codes.push(code);
      starts.push(i);
      ends.push(next);
    }
    i = next;
  }
  return { codes, starts, ends };
}

/** The folded code points of a word of the list (what the automaton is built from). */
export function foldWord(word: string): number[] {
  return foldText(word).codes;
}

/** Whether a folded code point is a letter or digit of a word (used for word boundaries of Latin words). */
export function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  return ALNUM.test(String.fromCodePoint(code)) && code < 0x2e80; // CJK text has no spaces between words: never a boundary question
}

/** Whether every code point of a folded word is a Latin letter or digit (such words match whole words only). */
export function isLatinWord(codes: readonly number[]): boolean {
  return codes.length > 0 && codes.every((c) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39));
}
