import {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { RequestSummary, TfpilotApiClient } from './TfpilotApiClient';

/**
 * What every tfpilot:* action factory needs.
 *
 * @public
 */
export interface TfpilotActionOptions {
  /** Finds the TfPilot backend (plugin id `tfpilot`). */
  discovery: DiscoveryService;
  /** Issues tokens on behalf of the task's initiator. */
  auth: AuthService;
  /** Read for `app.baseUrl`, the base of the request pages linked in outputs. */
  config: RootConfigService;
}

/** Request id output by dry runs, where nothing is created. */
export const DRY_RUN_REQUEST_ID = 'dry-run';

/** The client and the page-link builder shared by the action factories. */
export function setUp(options: TfpilotActionOptions) {
  const appBaseUrl = options.config
    .getString('app.baseUrl')
    .replace(/\/+$/, '');
  return {
    api: new TfpilotApiClient(options),
    /** The request's page in the TfPilot frontend plugin. */
    requestPageUrl: (id: string) =>
      `${appBaseUrl}/tfpilot/requests/${encodeURIComponent(id)}`,
  };
}

/** JSON with object keys sorted, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : Number(a > b),
          ),
        )
      : v,
  );
}

/**
 * A checkpoint key naming one side effect by everything that defines it.
 * The scaffolder scopes keys to the step, so a retried step finds the result
 * of the same call, while the iterations of an `each` step (different input)
 * get keys of their own.
 */
export function checkpointKey(operation: string, what: unknown): string {
  const digest = createHash('sha256')
    .update(canonicalJson(what))
    .digest('hex')
    .slice(0, 32);
  return `tfpilot.${operation}.${digest}`;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One line for the task log: state, revision and the latest run. */
export function describeRequest(request: RequestSummary): string {
  const run = request.runs[request.runs.length - 1];
  let line = `Request ${request.id} is ${request.status} (revision ${request.revision})`;
  if (run) {
    line += `; latest run: ${run.operation} ${run.runId} ${run.status}`;
    if (run.url) line += `, ${run.url}`;
    if (run.message) line += ` (${run.message})`;
  }
  return line;
}
