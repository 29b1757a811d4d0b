import { createExtensionPoint } from '@backstage/backend-plugin-api';

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
}

/** A run started by an executor; its results arrive later as run events. */
export interface ExecutorRunHandle {
  runId: string;
  /** Where a person can follow the run (workflow run page, job logs). */
  url?: string;
}

/**
 * Runs Terraform / OpenTofu somewhere other than the Backstage process:
 * GitHub Actions workflows, Kubernetes Jobs, or the explicit local executor.
 */
export interface TfpilotExecutor {
  /** Matches `tfpilot.executor.type` in app-config. */
  readonly type: string;
  plan(input: ExecutorRunInput): Promise<ExecutorRunHandle>;
  apply(input: ExecutorRunInput): Promise<ExecutorRunHandle>;
  destroy(input: ExecutorRunInput): Promise<ExecutorRunHandle>;
  driftCheck(input: ExecutorRunInput): Promise<ExecutorRunHandle>;
  cleanup(input: ExecutorRunInput): Promise<ExecutorRunHandle>;
}

/** Lets backend modules contribute executors to the TfPilot backend. */
export interface TfpilotExecutorsExtensionPoint {
  addExecutor(executor: TfpilotExecutor): void;
}

export const tfpilotExecutorsExtensionPoint =
  createExtensionPoint<TfpilotExecutorsExtensionPoint>({
    id: 'tfpilot.executors',
  });
