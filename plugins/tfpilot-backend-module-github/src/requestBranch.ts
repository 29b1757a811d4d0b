import { PullRequestRef } from '@tfpilot/backstage-plugin-tfpilot-common';
import { GithubOctokit } from './github/client';
import { GithubCallError, githubCall } from './github/errors';

/** The infrastructure repository and the branch pull requests go into. */
export interface RepositoryTarget {
  owner: string;
  repo: string;
  baseBranch: string;
}

const repoOf = (target: RepositoryTarget) => ({
  owner: target.owner,
  repo: target.repo,
});

function isStatus(error: unknown, ...statuses: number[]): boolean {
  return (
    error instanceof GithubCallError &&
    error.status !== undefined &&
    statuses.includes(error.status)
  );
}

/**
 * Creates `branch` at the head of the base branch (2 calls), or finds it was
 * there already (GitHub answers 422 "Reference already exists"): a re-plan
 * reuses the branch and its pull request.
 */
export async function ensureBranch(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  branch: string,
): Promise<{ created: boolean }> {
  const { data: base } = await githubCall('get base branch', () =>
    octokit.rest.git.getRef({
      ...repoOf(target),
      ref: `heads/${target.baseBranch}`,
    }),
  );
  try {
    await githubCall('create branch', () =>
      octokit.rest.git.createRef({
        ...repoOf(target),
        ref: `refs/heads/${branch}`,
        sha: base.object.sha,
      }),
    );
    return { created: true };
  } catch (error) {
    if (isStatus(error, 422)) {
      return { created: false };
    }
    throw error;
  }
}

/** The blob sha and text of a file on a branch, or undefined when absent. */
async function readFile(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  branch: string,
  path: string,
): Promise<{ sha: string; text?: string } | undefined> {
  try {
    const { data } = await githubCall('read file', () =>
      octokit.rest.repos.getContent({ ...repoOf(target), path, ref: branch }),
    );
    if (Array.isArray(data) || data.type !== 'file') {
      throw new Error(`${path} on ${branch} is not a file`);
    }
    // Files over 1 MB come without content: treated as different.
    const text =
      'content' in data && data.encoding === 'base64'
        ? Buffer.from(data.content, 'base64').toString('utf8')
        : undefined;
    return { sha: data.sha, ...(text !== undefined ? { text } : {}) };
  } catch (error) {
    if (isStatus(error, 404)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Commits `content` at `path` on `branch` unless the file already holds those
 * bytes. On a branch just created the file is written without a look first
 * (1 call); only when that is refused because the file exists, or on a reused
 * branch, is the current file read and compared.
 */
export async function writeFileIfChanged(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  file: {
    branch: string;
    path: string;
    content: string;
    message: string;
    branchIsNew: boolean;
  },
): Promise<{ written: boolean }> {
  const put = (sha?: string) =>
    githubCall('write file', () =>
      octokit.rest.repos.createOrUpdateFileContents({
        ...repoOf(target),
        path: file.path,
        branch: file.branch,
        message: file.message,
        content: Buffer.from(file.content, 'utf8').toString('base64'),
        ...(sha ? { sha } : {}),
      }),
    );
  if (file.branchIsNew) {
    try {
      await put();
      return { written: true };
    } catch (error) {
      // 422 "sha wasn't supplied": the base branch already has the file.
      if (!isStatus(error, 409, 422)) {
        throw error;
      }
    }
  }
  const current = await readFile(octokit, target, file.branch, file.path);
  if (current?.text === file.content) {
    return { written: false };
  }
  await put(current?.sha);
  return { written: true };
}

/** An open pull request from `branch` into the base branch, if there is one. */
async function findOpenPullRequest(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  branch: string,
): Promise<PullRequestRef | undefined> {
  const { data } = await githubCall('find pull request', () =>
    octokit.rest.pulls.list({
      ...repoOf(target),
      head: `${target.owner}:${branch}`,
      base: target.baseBranch,
      state: 'open',
      per_page: 1,
    }),
  );
  return data[0]
    ? { number: data[0].number, url: data[0].html_url }
    : undefined;
}

/**
 * The request's pull request: the known one, else an open one for the
 * branch (looked for only when the branch was there before), else a new one.
 */
export async function ensurePullRequest(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  pull: {
    branch: string;
    title: string;
    body: string;
    known?: PullRequestRef;
    branchIsNew: boolean;
  },
): Promise<PullRequestRef> {
  if (pull.known) {
    return pull.known;
  }
  if (!pull.branchIsNew) {
    const open = await findOpenPullRequest(octokit, target, pull.branch);
    if (open) {
      return open;
    }
  }
  try {
    const { data } = await githubCall('create pull request', () =>
      octokit.rest.pulls.create({
        ...repoOf(target),
        head: pull.branch,
        base: target.baseBranch,
        title: pull.title,
        body: pull.body,
      }),
    );
    return { number: data.number, url: data.html_url };
  } catch (error) {
    // 422 "A pull request already exists" when a concurrent plan opened it.
    if (isStatus(error, 422)) {
      const open = await findOpenPullRequest(octokit, target, pull.branch);
      if (open) {
        return open;
      }
    }
    throw error;
  }
}

/** Squash-merges the request's pull request after a successful apply. */
export async function mergePullRequest(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  pull: { number: number; title: string },
): Promise<void> {
  await githubCall('merge pull request', () =>
    octokit.rest.pulls.merge({
      ...repoOf(target),
      pull_number: pull.number,
      merge_method: 'squash',
      commit_title: pull.title,
    }),
  );
}

/** Closes the pull request; one already closed, merged or gone is fine. */
export async function closePullRequest(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  number: number,
): Promise<void> {
  try {
    await githubCall('close pull request', () =>
      octokit.rest.pulls.update({
        ...repoOf(target),
        pull_number: number,
        state: 'closed',
      }),
    );
  } catch (error) {
    if (!isStatus(error, 404, 422)) {
      throw error;
    }
  }
}

/** Deletes the request's branch; one already gone is fine. */
export async function deleteBranch(
  octokit: GithubOctokit,
  target: RepositoryTarget,
  branch: string,
): Promise<void> {
  try {
    await githubCall('delete branch', () =>
      octokit.rest.git.deleteRef({ ...repoOf(target), ref: `heads/${branch}` }),
    );
  } catch (error) {
    if (!isStatus(error, 404, 422)) {
      throw error;
    }
  }
}
