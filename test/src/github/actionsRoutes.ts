import {
  artifactObject,
  jobObject,
  runObject,
  workflowObject,
} from './actionsShapes';
import {
  ApiRequest,
  ApiResponse,
  bodyObject,
  GithubApiError,
  notFound,
  paginate,
  Route,
} from './http';
import { isJsonObject } from './openapi';
import { repoApiUrl, repoHtmlUrl } from './site';
import { RepositoryState, RunRecord } from './state';
import {
  checkDispatchInputs,
  effectiveInputs,
  renderDisplayTitle,
  WorkflowDefinition,
} from './workflows';
import { artifactBlobUrl } from './runLifecycle';
import { matchesCreated } from './created';

type Handler = (req: ApiRequest, state: RepositoryState) => ApiResponse;

function requireWorkflow(req: ApiRequest, state: RepositoryState) {
  const workflow = state.workflows.find(req.params.workflow_id);
  if (!workflow) throw notFound();
  return workflow;
}

function requireRun(req: ApiRequest, state: RepositoryState): RunRecord {
  const run = state.run(Number(req.params.run_id));
  if (!run) throw notFound();
  return run;
}

const listWorkflows: Handler = (req, state) => {
  const all = state.workflows.list();
  const page = paginate(req, state.site.apiBaseUrl, all);
  return {
    status: 200,
    body: {
      total_count: all.length,
      workflows: page.items.map(w => workflowObject(state, w)),
    },
    headers: page.headers,
  };
};

const getWorkflow: Handler = (req, state) => ({
  status: 200,
  body: workflowObject(state, requireWorkflow(req, state)),
});

function createRun(
  state: RepositoryState,
  workflow: WorkflowDefinition,
  branch: string,
  inputs: Record<string, unknown>,
): RunRecord {
  const now = state.now();
  const displayTitle = renderDisplayTitle(workflow, {
    inputs: effectiveInputs(workflow, inputs),
    github: {
      actor: state.site.actor.login,
      triggering_actor: state.site.actor.login,
      ref: `refs/heads/${branch}`,
      ref_name: branch,
      workflow: workflow.name,
      event_name: 'workflow_dispatch',
      repository: `${state.site.owner.login}/${state.site.repo}`,
      repository_owner: state.site.owner.login,
    },
  });
  state.runNumber += 1;
  const jobNames = workflow.jobs.length > 0 ? workflow.jobs : ['run'];
  return {
    id: state.nextId('run'),
    runNumber: state.runNumber,
    checkSuiteId: state.nextId('checkSuite'),
    workflow,
    headBranch: branch,
    headSha: state.git.head(branch)!,
    inputs,
    displayTitle,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
    cancelRequested: false,
    jobs: jobNames.map(name => ({
      id: state.nextId('job'),
      name,
      status: 'queued',
      conclusion: null,
      createdAt: now,
      startedAt: now,
      completedAt: null,
    })),
    artifacts: [],
  };
}

const dispatch: Handler = (req, state) => {
  const workflow = requireWorkflow(req, state);
  const body = bodyObject(req);
  const ref = String(body.ref);
  const branch = ref.replace(/^refs\/heads\//, '');
  if (!state.git.head(branch)) {
    throw new GithubApiError(422, `No ref found for: ${ref}`);
  }
  const inputs = isJsonObject(body.inputs) ? body.inputs : {};
  checkDispatchInputs(workflow, inputs);
  const run = createRun(state, workflow, branch, inputs);
  state.runs.push(run);
  if (body.return_run_details !== true) return { status: 204 };
  return {
    status: 200,
    body: {
      workflow_run_id: run.id,
      run_url: `${repoApiUrl(state.site)}/actions/runs/${run.id}`,
      html_url: `${repoHtmlUrl(state.site)}/actions/runs/${run.id}`,
    },
  };
};

const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
]);

function runFilter(req: ApiRequest, state: RepositoryState) {
  const q = (name: string) => req.query.get(name) || undefined;
  const status = q('status');
  return (run: RunRecord) =>
    (!q('branch') || run.headBranch === q('branch')) &&
    (!q('event') || run.event === q('event')) &&
    (!q('actor') || state.site.actor.login === q('actor')) &&
    (!q('head_sha') || run.headSha === q('head_sha')) &&
    (!q('check_suite_id') ||
      String(run.checkSuiteId) === q('check_suite_id')) &&
    (!status ||
      (CONCLUSIONS.has(status)
        ? run.conclusion === status
        : run.status === status)) &&
    (!q('created') || matchesCreated(run.createdAt, q('created')!));
}

function listRuns(
  req: ApiRequest,
  state: RepositoryState,
  workflow?: WorkflowDefinition,
): ApiResponse {
  const matching = state.runs
    .filter(run => !workflow || run.workflow.id === workflow.id)
    .filter(runFilter(req, state))
    .sort((a, b) => b.id - a.id);
  const page = paginate(req, state.site.apiBaseUrl, matching);
  const bare = req.query.get('exclude_pull_requests') === 'true';
  return {
    status: 200,
    body: {
      total_count: matching.length,
      workflow_runs: page.items
        .map(run => runObject(state, run))
        .map(run => (bare ? { ...run, pull_requests: [] } : run)),
    },
    headers: page.headers,
  };
}

const getRun: Handler = (req, state) => ({
  status: 200,
  body: runObject(state, requireRun(req, state)),
});

const cancelRun: Handler = (req, state) => {
  const run = requireRun(req, state);
  if (run.status === 'completed') {
    throw new GithubApiError(
      409,
      'Cannot cancel a workflow run that is completed.',
    );
  }
  // Cancelling is asynchronous on GitHub: the run completes later.
  run.cancelRequested = true;
  return { status: 202, body: {} };
};

const listJobs: Handler = (req, state) => {
  const run = requireRun(req, state);
  const page = paginate(req, state.site.apiBaseUrl, run.jobs);
  return {
    status: 200,
    body: {
      total_count: run.jobs.length,
      jobs: page.items.map(job => jobObject(state, run, job)),
    },
    headers: page.headers,
  };
};

const listArtifacts: Handler = (req, state) => {
  const run = requireRun(req, state);
  const name = req.query.get('name');
  const matching = run.artifacts.filter(a => !name || a.name === name);
  const page = paginate(req, state.site.apiBaseUrl, matching);
  return {
    status: 200,
    body: {
      total_count: matching.length,
      artifacts: page.items.map(a => artifactObject(state, run, a)),
    },
    headers: page.headers,
  };
};

function requireArtifact(req: ApiRequest, state: RepositoryState) {
  const artifact = state.artifact(Number(req.params.artifact_id));
  const run = artifact ? state.run(artifact.runId) : undefined;
  if (!artifact || !run) throw notFound();
  return { artifact, run };
}

const getArtifact: Handler = (req, state) => {
  const { artifact, run } = requireArtifact(req, state);
  return { status: 200, body: artifactObject(state, run, artifact) };
};

const downloadArtifact: Handler = (req, state) => {
  const { artifact } = requireArtifact(req, state);
  if (req.params.archive_format !== 'zip') throw notFound();
  if (artifact.expired) throw new GithubApiError(410, 'Artifact has expired');
  return {
    status: 302,
    headers: { location: artifactBlobUrl(state, artifact) },
  };
};

/** GitHub Actions: workflows, dispatch, runs, jobs and artifacts. */
export const actionsRoutes: Array<Route<RepositoryState>> = [
  { operation: 'actions/list-repo-workflows', handle: listWorkflows },
  { operation: 'actions/get-workflow', handle: getWorkflow },
  { operation: 'actions/create-workflow-dispatch', handle: dispatch },
  {
    operation: 'actions/list-workflow-runs-for-repo',
    handle: (req, state) => listRuns(req, state),
  },
  {
    operation: 'actions/list-workflow-runs',
    handle: (req, state) => listRuns(req, state, requireWorkflow(req, state)),
  },
  { operation: 'actions/get-workflow-run', handle: getRun },
  { operation: 'actions/cancel-workflow-run', handle: cancelRun },
  { operation: 'actions/list-jobs-for-workflow-run', handle: listJobs },
  { operation: 'actions/list-workflow-run-artifacts', handle: listArtifacts },
  { operation: 'actions/get-artifact', handle: getArtifact },
  { operation: 'actions/download-artifact', handle: downloadArtifact },
];
