/**
 * TfPilot executor running Terraform / OpenTofu in GitHub Actions.
 *
 * @packageDocumentation
 */
export {
  tfpilotModuleGithub as default,
  createTfpilotModuleGithub,
} from './module';
export type { TfpilotModuleGithubOptions } from './module';
export { GithubExecutor } from './GithubExecutor';
export type { DriftBatchHandle, GithubExecutorOptions } from './GithubExecutor';
export { readGithubExecutorConfig, DEFAULT_MODULE_SOURCE } from './config';
export type {
  GithubExecutorConfig,
  IacTool,
  StateBackendTemplate,
} from './config';
export { GithubClientFactory } from './github/client';
export type { GithubClientOptions, GithubOctokit } from './github/client';
export { GithubExecutorStore } from './database/GithubExecutorStore';
export { MAX_ARTIFACT_BYTES } from './artifacts';
export { PLAN_ARTIFACT } from './runFinisher';
export { DRIFT_ARTIFACT } from './driftResults';
export { signWebhookBody, verifyWebhookSignature } from './webhookSignature';
export { formatRunTitle, parseRunTitle } from './runTitle';
export type { RunTitle } from './runTitle';
