export { GithubTestServer } from './GithubTestServer';
export type {
  GithubApiCall,
  GithubRunOutcome,
  GithubSchemaViolation,
  GithubTestServerOptions,
} from './GithubTestServer';
export { expectNoSchemaViolations } from './assertions';
export type { GithubFault } from './faults';
export type { ArtifactFiles } from './runLifecycle';
export type {
  PullRequestState,
  RunConclusion,
  RunStatus,
  WorkflowRunState,
} from './state';
export { signBody } from './webhooks';
export type { Delivery, DeliveryOptions } from './webhooks';
export {
  validateAgainstGithubOpenApi,
  validateGithubRequestBody,
  validateGithubWebhook,
} from './openapi';
export type { GithubValidationResult } from './openapi';
