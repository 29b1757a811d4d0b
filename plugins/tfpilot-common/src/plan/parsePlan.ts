import { PlanFormatError, oneLine, summarizePlan } from './PlanSummaryBuilder';
import { PlanSummary } from './types';

/**
 * V8 quotes the start of the input in some parse errors
 * (`Unexpected token 'b', "{"a": bar}" is not valid JSON`); that text could be
 * a secret, so keep only the reason and the position.
 */
function parseErrorReason(error: unknown): string {
  // Not `instanceof Error`: the SyntaxError may come from another realm.
  const message =
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
      ? error.message
      : 'unexpected input';
  const reason = message.replace(
    /, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s,
    '',
  );
  // Some other engine's wording that still quotes the input: drop it all.
  if (reason.includes('"')) return 'unexpected input';
  return oneLine(reason, 160);
}

/**
 * Parses the text of `terraform show -json` output. Every failure is a
 * PlanFormatError whose one-line message says what is wrong and never
 * quotes the file's content.
 */
export function parsePlanJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '')
    throw new PlanFormatError('not valid JSON: the file is empty');
  if (body.startsWith('PK\u0003\u0004')) {
    throw new PlanFormatError(
      'not valid JSON: this is a binary plan file; convert it with `terraform show -json <planfile>`',
    );
  }
  if (body.includes('\u0000')) {
    throw new PlanFormatError(
      'not valid JSON: the file contains NUL bytes (UTF-16 text or a binary file?); save it as UTF-8',
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new PlanFormatError(`not valid JSON: ${parseErrorReason(error)}`);
  }
}

/** Parses and summarises the text of `terraform show -json` output. */
export function summarizePlanJson(text: string): PlanSummary {
  return summarizePlan(parsePlanJson(text));
}
