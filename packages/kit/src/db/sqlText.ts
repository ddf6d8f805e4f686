/** Escapes LIKE wildcards so a keyword matches literally: "50%" finds "50%", not "50" and more. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%keyword%` for ILIKE, or undefined for a blank keyword. */
export function containsPattern(keyword: string | null | undefined): string | undefined {
  const text = keyword?.trim();
  return text ? `%${escapeLike(text)}%` : undefined;
}
