import { AuthenticationError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  RequestState,
  TERMINAL_STATES,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TfpilotActionOptions, describeRequest, setUp, sleep } from './helpers';
import * as inputProps from './inputProperties';
import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_WAIT_TIMEOUT_MINUTES,
  DEFAULT_WAIT_UNTIL,
} from './inputProperties';
import * as outputProps from './outputProperties';
import { examples } from './requestWait.examples';
import { RequestSummary, isTransientError } from './TfpilotApiClient';

/** @public */
export const REQUEST_WAIT_ACTION_ID = 'tfpilot:request:wait';

/**
 * States that end a wait in failure unless they are what it waits for: the
 * final states, and failed runs, which only a person can move on from.
 *
 * @public
 */
export const WAIT_FAILURE_STATES: readonly RequestState[] = [
  ...TERMINAL_STATES,
  'plan_failed',
  'apply_failed',
  'destroy_failed',
];

/**
 * Polls that may fail in a row (TfPilot restarting, a proxy hiccup) before
 * the wait does.
 *
 * @public
 */
export const MAX_CONSECUTIVE_POLL_FAILURES = 5;

function latestRunUrl(request: RequestSummary): string | undefined {
  return request.runs[request.runs.length - 1]?.url;
}

/** Why a request in a failure state failed, from its latest run. */
function failureDetails(request: RequestSummary): string {
  const run = request.runs[request.runs.length - 1];
  if (!run || run.status !== 'failed') return '';
  const parts = [`${run.operation} run ${run.runId} failed`];
  if (run.message) parts.push(run.message);
  if (run.url) parts.push(run.url);
  return `: ${parts.join(': ')}`;
}

/**
 * `tfpilot:request:wait`: waits until a TfPilot request reaches one of the
 * given states, logging each state it passes through, and fails when the
 * request ends up somewhere it cannot leave by itself.
 *
 * @public
 */
export function createTfpilotRequestWaitAction(options: TfpilotActionOptions) {
  const { api } = setUp(options);
  return createTemplateAction({
    id: REQUEST_WAIT_ACTION_ID,
    description:
      'Waits until a TfPilot request reaches one of the given states (by default awaiting_approval, i.e. planned and ready for review). Fails when the request fails, is rejected or cancelled, or on timeout.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        requestId: inputProps.requestId,
        until: inputProps.until,
        timeoutMinutes: inputProps.timeoutMinutes,
        pollIntervalSeconds: inputProps.pollIntervalSeconds,
      },
      output: {
        status: outputProps.status,
        revision: outputProps.revision,
        runUrl: outputProps.runUrl,
      },
    },
    async handler(ctx) {
      const {
        requestId,
        until = DEFAULT_WAIT_UNTIL,
        timeoutMinutes = DEFAULT_WAIT_TIMEOUT_MINUTES,
        pollIntervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS,
      } = ctx.input;
      const awaited = until.join(' or ');

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait up to ${timeoutMinutes} minutes for request ${requestId} to be ${awaited}`,
        );
        ctx.output('status', until[0]);
        ctx.output('revision', 1);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMinutes * 60_000);
      const signal = ctx.signal
        ? AbortSignal.any([ctx.signal, deadline.signal])
        : deadline.signal;
      let last: RequestSummary | undefined;

      const stopped = () => {
        const state = last ? `; it is ${last.status}` : '';
        return ctx.signal?.aborted
          ? new Error(
              `Stopped waiting for request ${requestId}: the task was cancelled${state}`,
            )
          : new Error(
              `Timed out after ${timeoutMinutes} minutes waiting for request ${requestId} to be ${awaited}${state}`,
            );
      };

      ctx.logger.info(
        `Waiting up to ${timeoutMinutes} minutes for request ${requestId} to be ${awaited}`,
      );
      try {
        for (let failures = 0; ; ) {
          let current: RequestSummary | undefined;
          try {
            current = await api.getRequest(requestId, credentials, { signal });
            failures = 0;
          } catch (error) {
            if (signal.aborted) throw stopped();
            if (last && error instanceof AuthenticationError) {
              throw new AuthenticationError(
                `${error.message}. The wait acts with the credentials of the user who started the task; they may have expired (Backstage user tokens last about an hour), so wait for a shorter time or split the template`,
              );
            }
            failures += 1;
            if (
              !isTransientError(error) ||
              failures >= MAX_CONSECUTIVE_POLL_FAILURES
            ) {
              throw error;
            }
            ctx.logger.warn(
              `${
                (error as Error).message
              }; trying again in ${pollIntervalSeconds} seconds`,
            );
          }

          if (current) {
            if (current.status !== last?.status) {
              ctx.logger.info(describeRequest(current));
            }
            last = current;
            if (until.includes(current.status)) {
              ctx.output('status', current.status);
              ctx.output('revision', current.revision);
              const runUrl = latestRunUrl(current);
              if (runUrl) ctx.output('runUrl', runUrl);
              return;
            }
            if (WAIT_FAILURE_STATES.includes(current.status)) {
              throw new Error(
                `Request ${requestId} is ${
                  current.status
                }, not ${awaited}${failureDetails(current)}`,
              );
            }
          }

          try {
            await sleep(pollIntervalSeconds * 1000, signal);
          } catch {
            throw stopped();
          }
        }
      } finally {
        clearTimeout(timer);
      }
    },
  });
}
