import type { Problems } from '@zhongtai/kit';

export const MAX_MEDIA_URLS = 20;
const HTTP_URL = /^https?:\/\/\S+$/i;

/** Pictures and videos of a product, in display order: http(s) addresses, at most 20, no repeats. */
export function validateMediaUrls(problems: Problems, urls: string[], field: string[]): string[] | undefined {
  if (!problems.check(urls.length <= MAX_MEDIA_URLS, field, 'TOO_MANY', `At most ${MAX_MEDIA_URLS} media URLs`)) return undefined;
  const before = problems.errors.length;
  const out = urls.map((u) => u.trim());
  out.forEach((url, i) => {
    if (
      !problems.check(url.length <= 500 && HTTP_URL.test(url), [...field, String(i)], 'INVALID', 'A media URL is an http(s) address of at most 500 characters')
    )
      return;
    problems.check(out.indexOf(url) === i, [...field, String(i)], 'DUPLICATE', 'This URL is listed twice');
  });
  return problems.errors.length === before ? out : undefined;
}
