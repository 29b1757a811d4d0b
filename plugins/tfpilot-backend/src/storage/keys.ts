import { InputError } from '@backstage/errors';
import { isRequestId, isRunId } from '@tfpilot/backstage-plugin-tfpilot-common';

// Keys are built here only, from validated ids and numbers: no user text, no
// '..', no absolute paths, whatever the caller passes.

function requireRequestId(id: string): string {
  if (!isRequestId(id))
    throw new InputError(`not a request id: ${JSON.stringify(id)}`);
  return id;
}

const PAD_WIDTH = 10;
// Wider numbers would break "lexicographic order is numeric order".
const MAX_PADDED = 10 ** PAD_WIDTH - 1;

function requirePositiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_PADDED) {
    throw new InputError(`${what} must be an integer from 1 to ${MAX_PADDED}`);
  }
  return value;
}

/** Zero-padded so lexicographic order is numeric order. */
const pad = (n: number) => String(n).padStart(PAD_WIDTH, '0');

// Only ISO-8601 with an explicit zone: other formats parse in the server's
// local time zone, which would file the same event under different days.
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const REQUESTS_PREFIX = 'requests/';
export const LOGS_PREFIX = 'logs/';

/** requests/<id>/<revision>.json */
export function requestRevisionKey(id: string, revision: number): string {
  return `${REQUESTS_PREFIX}${requireRequestId(id)}/${pad(
    requirePositiveInt(revision, 'revision'),
  )}.json`;
}

/** logs/<yyyy>/<mm>/<dd>/<id>/<seq>.json, dated by the event's own time (UTC). */
export function eventKey(at: string, id: string, seq: number): string {
  const date = new Date(at);
  if (!ISO_TIMESTAMP.test(at) || Number.isNaN(date.getTime()))
    throw new InputError(`not a timestamp: ${JSON.stringify(at)}`);
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${LOGS_PREFIX}${yyyy}/${mm}/${dd}/${requireRequestId(id)}/${pad(
    requirePositiveInt(seq, 'seq'),
  )}.json`;
}

export const ARTIFACT_NAMES = ['plan.json', 'cost.json'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

/** artifacts/<id>/<runId>/{plan.json,cost.json} */
export function artifactKey(
  id: string,
  runId: string,
  name: ArtifactName,
): string {
  if (!isRunId(runId))
    throw new InputError(`not a run id: ${JSON.stringify(runId)}`);
  if (!ARTIFACT_NAMES.includes(name))
    throw new InputError(`not an artifact: ${JSON.stringify(name)}`);
  return `artifacts/${requireRequestId(id)}/${runId}/${name}`;
}

/** Parses requests/<id>/<revision>.json back; undefined for anything else. */
export function parseRequestRevisionKey(
  key: string,
): { id: string; revision: number } | undefined {
  const match = /^requests\/([0-9a-z]{26})\/(\d{10})\.json$/.exec(key);
  const revision = Number(match?.[2]);
  if (!match || !isRequestId(match[1]) || revision < 1) return undefined;
  return { id: match[1], revision };
}
