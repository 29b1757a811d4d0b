import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  PullRequestRef,
  RequestRun,
  TfRequest,
} from '@tfpilot/backstage-plugin-tfpilot-common';

/** The operations an executor runs for a request. */
export const EXECUTOR_OPERATIONS = [
  'plan',
  'apply',
  'destroy',
  'driftCheck',
  'cleanup',
] as const;

/** @public */
export type ExecutorOperation = (typeof EXECUTOR_OPERATIONS)[number];

/** What an executor needs to know about a request to run an operation. */
export interface ExecutorRunInput {
  requestId: string;
  revision: number;
  environment: string;
  module: { name: string; version: string };
  inputs: Record<string, unknown>;
  /** Runs of the request so far, oldest first (apply looks up the approved plan run). */
  runs: readonly RequestRun[];
  /** The request's pull request, when the executor opened one earlier. */
  pullRequest?: PullRequestRef;
}

/** A run started by an executor; its results arrive later as run events. */
export interface ExecutorRunHandle {
  runId: string;
  /** Where a person can follow the run (workflow run page, job logs). */
  url?: string;
  /** The pull request holding the request's code, when the executor opened one. */
  pullRequest?: PullRequestRef;
}

/** Files a run may hand back; stored under artifacts/<id>/<runId>/. */
export type RunArtifacts = Partial<Record<'plan.json' | 'cost.json', Buffer>>;

/** How a run ended, reported by the executor when it knows. */
export interface RunResult {
  requestId: string;
  runId: string;
  operation: ExecutorOperation;
  status: 'succeeded' | 'failed';
  /** ISO-8601 UTC time the run finished. */
  finishedAt: string;
  /** Why a run failed, or a one-line summary; never secrets. */
  message?: string;
  url?: string;
  artifacts?: RunArtifacts;
}

/**
 * Where executors report finished runs. The engine applies each result once,
 * whether it comes from the run itself, a webhook or a reconciler.
 */
export interface RunEventSink {
  runFinished(result: RunResult): Promise<void>;
  /**
   * Whether the engine still waits for a run: lets an executor skip work
   * (artifact downloads) for a redelivered or stale notification.
   */
  runStatus(
    requestId: string,
    runId: string,
  ): Promise<'running' | 'finished' | 'unknown'>;
}

/** An inbound webhook call, as received: signatures are checked on the raw bytes. */
export interface ExecutorWebhookDelivery {
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** What a webhook delivery led to; reported to the sender in the response body. */
export interface ExecutorWebhookOutcome {
  status: 'processed' | 'ignored';
  message: string;
}

/** A run the engine still waits for, handed to the reconciler. */
export interface InFlightRun {
  requestId: string;
  environment: string;
  run: RequestRun;
}

/**
 * Runs Terraform / OpenTofu somewhere other than the Backstage process:
 * GitHub Actions workflows, Kubernetes Jobs, or the explicit local executor.
 */
export interface TfpilotExecutor {
  /**
   * Each operation starts a run and returns at once with its handle; the
   * outcome arrives later through `events.runFinished`.
   */
  /** Matches `tfpilot.executor.type` in app-config. */
  readonly type: string;
  plan(
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  apply(
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  destroy(
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  driftCheck(
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  cleanup(
    input: ExecutorRunInput,
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  /**
   * Checks several applied requests of one environment for drift in one
   * run. Each request's result arrives through `events.runFinished` with
   * operation `driftCheck` and the returned run id. The engine hands over
   * at most {@link TfpilotExecutor.maxDriftBatchSize} requests, all of
   * `environment` and of one {@link TfpilotExecutor.driftBatchKey}. Without
   * it the engine starts one `driftCheck` per request.
   */
  driftCheckBatch?(
    environment: string,
    inputs: readonly ExecutorRunInput[],
    events: RunEventSink,
  ): Promise<ExecutorRunHandle>;
  /** Most requests one `driftCheckBatch` run takes; the engine chunks larger sets. */
  readonly maxDriftBatchSize?: number;
  /**
   * Requests of one environment with the same key may share a drift run,
   * e.g. the repository holding their code. Without it they all may.
   */
  driftBatchKey?(input: ExecutorRunInput): string;
  /** Stops runs in progress when the backend shuts down; each still reports its result. */
  shutdown?(): Promise<void>;
  /**
   * Shows a request's latest state where people review it outside Backstage
   * (the pull-request comment). Called after a run's result is recorded
   * (not after drift checks, which leave the plan as it was); failures are
   * logged and never undo the recorded state.
   */
  publish?(request: TfRequest): Promise<void>;
  /**
   * Handles a delivery to `POST /api/tfpilot/webhooks/<type>`. Throws
   * `AuthenticationError` when the delivery is not proven to come from the
   * executor's service (nothing changes then) and `InputError` when malformed.
   */
  handleWebhook?(
    delivery: ExecutorWebhookDelivery,
    events: RunEventSink,
  ): Promise<ExecutorWebhookOutcome>;
  /**
   * Catches up on runs whose results never arrived (lost webhooks, backend
   * down): asks the execution service and reports what finished.
   */
  reconcile?(runs: readonly InFlightRun[], events: RunEventSink): Promise<void>;
}

/** Lets backend modules contribute executors to the TfPilot backend. */
export interface TfpilotExecutorsExtensionPoint {
  addExecutor(executor: TfpilotExecutor): void;
}

export const tfpilotExecutorsExtensionPoint =
  createExtensionPoint<TfpilotExecutorsExtensionPoint>({
    id: 'tfpilot.executors',
  });
