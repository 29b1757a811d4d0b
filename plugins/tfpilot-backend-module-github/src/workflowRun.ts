/** What the executor reads of a GitHub workflow run (webhook payload or REST answer). */
export interface WorkflowRunInfo {
  id: number;
  /** `display_title`: the run name the workflow set. */
  title: string;
  /** `queued`, `in_progress`, `completed`, … */
  status: string;
  /** `success`, `failure`, `cancelled`, …; null until completed. */
  conclusion: string | null;
  htmlUrl?: string;
  /** The workflow file, `.github/workflows/<file>`. */
  path?: string;
  /** `owner/repo` the run belongs to. */
  repository?: string;
  /** When the run last changed: its end, once completed (ISO-8601 UTC). */
  updatedAt?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads a `workflow_run` object as GitHub describes it. Returns a reason
 * instead when a field the executor relies on is missing or of the wrong type.
 */
export function readWorkflowRun(
  value: unknown,
): WorkflowRunInfo | { problem: string } {
  if (!isRecord(value)) {
    return { problem: 'workflow_run is not an object' };
  }
  const { id, display_title: title, status, conclusion } = value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    return { problem: 'workflow_run.id is not a run id' };
  }
  if (typeof title !== 'string') {
    return { problem: 'workflow_run.display_title is not a string' };
  }
  if (typeof status !== 'string') {
    return { problem: 'workflow_run.status is not a string' };
  }
  if (conclusion !== null && typeof conclusion !== 'string') {
    return { problem: 'workflow_run.conclusion is not a string' };
  }
  const repository = isRecord(value.repository)
    ? optionalString(value.repository.full_name)
    : undefined;
  const htmlUrl = optionalString(value.html_url);
  const path = optionalString(value.path);
  const updated = Date.parse(optionalString(value.updated_at) ?? '');
  const updatedAt = Number.isNaN(updated)
    ? undefined
    : new Date(updated).toISOString();
  return {
    id,
    title,
    status,
    conclusion: conclusion ?? null,
    ...(htmlUrl ? { htmlUrl } : {}),
    ...(path ? { path } : {}),
    ...(repository ? { repository } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

/** The run's conclusion and page, in one line, for a run message. */
export function describeConclusion(run: WorkflowRunInfo): string {
  const url = run.htmlUrl ? `: ${run.htmlUrl}` : '';
  return `GitHub Actions run ${run.id} ended with conclusion "${
    run.conclusion ?? 'none'
  }"${url}`;
}
