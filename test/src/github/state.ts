import { GitStore } from './git';
import { isoSeconds, Site } from './site';
import { WorkflowCatalog, WorkflowDefinition } from './workflows';

export type RunStatus = 'queued' | 'in_progress' | 'completed';
export type RunConclusion = 'success' | 'failure' | 'cancelled';

export interface PullRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeable: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** The head's sha when last seen: kept once the branch is deleted. */
  headSha: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface JobRecord {
  id: number;
  name: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  runId: number;
  zip: Uint8Array;
  digest: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  /** Signs the blob URL the zip endpoint redirects to. */
  token: string;
}

export interface RunRecord {
  id: number;
  runNumber: number;
  checkSuiteId: number;
  workflow: WorkflowDefinition;
  headBranch: string;
  headSha: string;
  inputs: Record<string, unknown>;
  displayTitle: string;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  cancelRequested: boolean;
  jobs: JobRecord[];
  artifacts: ArtifactRecord[];
}

/** A pull request as tests inspect it. */
export interface PullRequestState {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  head: string;
  head_sha: string;
  base: string;
  title: string;
  body: string | null;
  html_url: string;
  merge_commit_sha: string | null;
}

/** A workflow run as tests inspect it. */
export interface WorkflowRunState {
  id: number;
  run_number: number;
  /** The workflow's file name, e.g. `tfpilot-plan.yml`. */
  workflow: string;
  workflow_id: number;
  name: string;
  path: string;
  ref: string;
  head_branch: string;
  head_sha: string;
  inputs: Record<string, unknown>;
  display_title: string;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  created_at: string;
  cancel_requested: boolean;
  jobs: Array<{
    id: number;
    name: string;
    status: RunStatus;
    conclusion: RunConclusion | null;
  }>;
  artifacts: Array<{
    id: number;
    name: string;
    size_in_bytes: number;
    expired: boolean;
  }>;
}

// Ids in the ranges GitHub uses today, so clients meet realistic magnitudes.
const FIRST_IDS = {
  pull: 1_900_000_001,
  comment: 2_400_000_001,
  run: 12_000_000_001,
  job: 33_000_000_001,
  checkSuite: 31_000_000_001,
  artifact: 2_100_000_001,
  workflow: 110_000_001,
} as const;

export type IdKind = keyof typeof FIRST_IDS;

/** Everything the simulated host knows about its one repository. */
export class RepositoryState {
  readonly pulls: PullRecord[] = [];
  readonly comments: CommentRecord[] = [];
  readonly runs: RunRecord[] = [];
  readonly git: GitStore;
  readonly workflows: WorkflowCatalog;
  /** Pull requests and issues share one sequence of numbers. */
  issueNumber = 0;
  runNumber = 0;
  pushedAt: string;
  readonly #next = new Map<IdKind, number>();

  constructor(
    readonly site: Site,
    private readonly clock: () => Date,
    options: {
      files: Record<string, string | Buffer>;
      workflowsDir: string;
      workflows: string[];
    },
  ) {
    this.pushedAt = this.now();
    this.git = new GitStore(site.defaultBranch, options.files, this.pushedAt);
    this.workflows = new WorkflowCatalog(
      options.workflowsDir,
      options.workflows,
      FIRST_IDS.workflow,
      site.createdAt,
    );
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  nowDate(): Date {
    return this.clock();
  }

  nextId(kind: IdKind): number {
    const id = this.#next.get(kind) ?? FIRST_IDS[kind];
    this.#next.set(kind, id + 1);
    return id;
  }

  pull(number: number): PullRecord | undefined {
    return this.pulls.find(p => p.number === number);
  }

  run(id: number): RunRecord | undefined {
    return this.runs.find(r => r.id === id);
  }

  artifact(id: number): ArtifactRecord | undefined {
    for (const run of this.runs) {
      const found = run.artifacts.find(a => a.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** The head sha of a pull request: its branch's, or the last one seen. */
  pullHeadSha(pull: PullRecord): string {
    const live = this.git.head(pull.head);
    if (live && pull.state === 'open') pull.headSha = live;
    return pull.headSha;
  }
}

/** A pull request as tests inspect it. */
export function pullState(
  state: RepositoryState,
  pull: PullRecord,
): PullRequestState {
  const { site } = state;
  return {
    number: pull.number,
    state: pull.state,
    merged: pull.merged,
    draft: pull.draft,
    head: pull.head,
    head_sha: state.pullHeadSha(pull),
    base: pull.base,
    title: pull.title,
    body: pull.body,
    html_url: `${site.htmlBaseUrl}/${site.owner.login}/${site.repo}/pull/${pull.number}`,
    merge_commit_sha: pull.mergeCommitSha,
  };
}

/** A workflow run as tests inspect it. */
export function runState(run: RunRecord): WorkflowRunState {
  return {
    id: run.id,
    run_number: run.runNumber,
    workflow: run.workflow.file,
    workflow_id: run.workflow.id,
    name: run.workflow.name,
    path: run.workflow.path,
    ref: run.headBranch,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    inputs: { ...run.inputs },
    display_title: run.displayTitle,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    created_at: run.createdAt,
    cancel_requested: run.cancelRequested,
    jobs: run.jobs.map(({ id, name, status, conclusion }) => ({
      id,
      name,
      status,
      conclusion,
    })),
    artifacts: run.artifacts.map(a => ({
      id: a.id,
      name: a.name,
      size_in_bytes: a.zip.length,
      expired: a.expired,
    })),
  };
}
