/**
 * TfPilot executor running Terraform / OpenTofu in GitHub Actions.
 *
 * @packageDocumentation
 */
export { tfpilotModuleGithub as default } from './module';
export { readGithubExecutorConfig } from './config';
export type { GithubExecutorConfig } from './config';
