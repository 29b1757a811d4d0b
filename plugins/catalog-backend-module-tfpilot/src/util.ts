import { isError } from '@backstage/errors';

/** An error's message on one line, for a log entry. */
export function oneLine(error: unknown): string {
  const message = isError(error) ? error.message : String(error);
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * `base` with path segments appended, for tree-style repository URLs
 * (GitHub, GitLab, Bitbucket, Gitea): `…/tree/v1/modules` + `bucket` gives
 * `…/tree/v1/modules/bucket`. The query and fragment are kept.
 */
export function joinUrl(base: string, ...segments: string[]): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = [path, ...segments.map(encodeURIComponent)].join('/');
  return url.toString();
}

/** Items in order, without repeats. */
export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
