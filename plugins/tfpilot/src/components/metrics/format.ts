import { formatDuration } from '../common/time';

/** "89.7 %", or "—" before any apply finished. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/** "2m 11s", or "—" before any apply succeeded. */
export function formatApplyTime(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds);
}
