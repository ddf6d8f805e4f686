import type { Problems } from '@zhongtai/kit';

const MAX_URL = 500;

/** An http(s) URL of at most 500 characters (a `javascript:` or `data:` link never reaches a storefront). */
export function checkUrl(problems: Problems, value: string, field: string[], label: string): string | null {
  const url = value.trim();
  if (!problems.check(url.length <= MAX_URL, field, 'TOO_LONG', `${label} URL is at most ${MAX_URL} characters`)) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  const fine = parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0 && !/\s/.test(url);
  return problems.check(fine, field, 'INVALID', `${label} URL is an http(s) URL`) ? url : null;
}
