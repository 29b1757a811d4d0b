import { restFixture, restItemFixture } from './fixtures';
import { JsonObject } from './openapi';
import { pullMinimalObject, simpleCommitObject } from './repoShapes';
import {
  conform,
  nodeId,
  pickLike,
  repoApiUrl,
  repoHtmlUrl,
  repositoryObject,
  userObject,
} from './site';
import { ArtifactRecord, JobRecord, RepositoryState, RunRecord } from './state';
import { WorkflowDefinition } from './workflows';

/** A `workflow`. */
export function workflowObject(
  state: RepositoryState,
  workflow: WorkflowDefinition,
): JsonObject {
  const html = repoHtmlUrl(state.site);
  return conform(
    restItemFixture('actions.list-repo-workflows.200', 'workflows'),
    {
      id: workflow.id,
      node_id: nodeId('W_', workflow.id),
      name: workflow.name,
      path: workflow.path,
      state: 'active',
      created_at: workflow.createdAt,
      updated_at: workflow.createdAt,
      url: `${repoApiUrl(state.site)}/actions/workflows/${workflow.id}`,
      html_url: `${html}/blob/${state.site.defaultBranch}/${workflow.path}`,
      badge_url: `${html}/workflows/${encodeURIComponent(
        workflow.name,
      )}/badge.svg`,
    },
  );
}

/** Open pull requests whose head is the run's branch, as GitHub links them. */
function runPullRequests(state: RepositoryState, run: RunRecord) {
  return state.pulls
    .filter(p => p.state === 'open' && p.head === run.headBranch)
    .map(p => pullMinimalObject(state, p));
}

/** The values of a run that both REST and webhooks carry. */
export function runValues(state: RepositoryState, run: RunRecord): JsonObject {
  const api = `${repoApiUrl(state.site)}/actions/runs/${run.id}`;
  const actor = userObject(state.site, state.site.actor);
  const repository = repositoryObject(state.site, state.pushedAt);
  return {
    id: run.id,
    name: run.workflow.name,
    node_id: nodeId('WFR_', run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId('CS_', run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.workflow.path,
    run_number: run.runNumber,
    event: run.event,
    display_title: run.displayTitle,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow.id,
    url: api,
    html_url: `${repoHtmlUrl(state.site)}/actions/runs/${run.id}`,
    pull_requests: runPullRequests(state, run),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor,
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    triggering_actor: actor,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApiUrl(state.site)}/check-suites/${
      run.checkSuiteId
    }`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApiUrl(state.site)}/actions/workflows/${
      run.workflow.id
    }`,
    head_commit: simpleCommitObject(
      state,
      state.git.commit(run.headSha),
      run.headSha,
    ),
    repository,
    head_repository: repository,
  };
}

/** A `workflow-run`, keyed like GitHub's own example. */
export function runObject(state: RepositoryState, run: RunRecord): JsonObject {
  const template = restFixture('actions.get-workflow-run.200');
  const repository = repositoryObject(state.site, state.pushedAt);
  // REST runs carry GitHub's shorter repository shapes.
  return conform(template, {
    ...runValues(state, run),
    repository: pickLike(template.repository, repository),
    head_repository: pickLike(template.head_repository, repository),
  });
}

function jobSteps(job: JobRecord): JsonObject[] {
  if (job.status === 'queued') return [];
  const done = job.status === 'completed';
  const step = (number: number, name: string, conclusion: string | null) => ({
    name,
    status: conclusion ? 'completed' : 'in_progress',
    conclusion,
    number,
    started_at: job.startedAt,
    completed_at: conclusion ? job.completedAt ?? job.startedAt : null,
  });
  // The job's own step carries its outcome; set-up and clean-up succeed.
  const steps = [
    step(1, 'Set up job', 'success'),
    step(2, job.name, done ? job.conclusion : null),
  ];
  return done ? [...steps, step(3, 'Complete job', 'success')] : steps;
}

/** The values of a job that both REST and webhooks carry. */
export function jobValues(
  state: RepositoryState,
  run: RunRecord,
  job: JobRecord,
): JsonObject {
  const api = repoApiUrl(state.site);
  const assigned = job.status !== 'queued';
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: 1,
    node_id: nodeId('CR_', job.id),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${repoHtmlUrl(state.site)}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: jobSteps(job),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: ['ubuntu-latest'],
    runner_id: assigned ? 1000 + (job.id % 1000) : null,
    runner_name: assigned ? `GitHub Actions ${1000 + (job.id % 1000)}` : null,
    runner_group_id: assigned ? 2 : null,
    runner_group_name: assigned ? 'GitHub Actions' : null,
    workflow_name: run.workflow.name,
  };
}

/** A `job`, keyed like GitHub's own example. */
export function jobObject(
  state: RepositoryState,
  run: RunRecord,
  job: JobRecord,
): JsonObject {
  return conform(
    restItemFixture('actions.list-jobs-for-workflow-run.200', 'jobs'),
    jobValues(state, run, job),
  );
}

/** An `artifact`, keyed like GitHub's own example. */
export function artifactObject(
  state: RepositoryState,
  run: RunRecord,
  artifact: ArtifactRecord,
): JsonObject {
  const url = `${repoApiUrl(state.site)}/actions/artifacts/${artifact.id}`;
  return conform(
    restItemFixture('actions.list-workflow-run-artifacts.200', 'artifacts'),
    {
      id: artifact.id,
      node_id: nodeId('MDg6QXJ0aWZhY3Q', artifact.id),
      name: artifact.name,
      size_in_bytes: artifact.zip.length,
      url,
      archive_download_url: `${url}/zip`,
      expired: artifact.expired,
      created_at: artifact.createdAt,
      expires_at: artifact.expiresAt,
      updated_at: artifact.createdAt,
      digest: artifact.digest,
      workflow_run: {
        id: run.id,
        repository_id: state.site.repositoryId,
        head_repository_id: state.site.repositoryId,
        head_branch: run.headBranch,
        head_sha: run.headSha,
      },
    },
  );
}
