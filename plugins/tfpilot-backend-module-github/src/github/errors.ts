/** The HTTP status of a failed Octokit request, if the error is one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const status: unknown = Reflect.get(error, 'status');
  return typeof status === 'number' ? status : undefined;
}

/** First line of GitHub's message, short: the response body never reaches logs whole. */
function shortMessage(error: unknown): string {
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  const line = message.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * A GitHub call that failed, named by operation and status. Built from the
 * Octokit error without keeping it: that error holds the request, whose
 * headers and body (tokens, inputs) must not reach a log or a run message.
 */
export class GithubCallError extends Error {
  readonly operation: string;
  readonly status?: number;

  constructor(operation: string, error: unknown) {
    const status = statusOf(error);
    super(
      `GitHub ${operation} failed${
        status ? ` with status ${status}` : ''
      }: ${shortMessage(error)}`,
    );
    this.name = 'GithubCallError';
    this.operation = operation;
    this.status = status;
  }
}

/**
 * Runs one GitHub call; a failure becomes a {@link GithubCallError}, whose
 * `status` lets the caller accept the answers it expects (404, 422).
 */
export async function githubCall<T>(
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new GithubCallError(operation, error);
  }
}
