import { blobSha, Commit } from './git';
import { JsonObject } from './openapi';
import {
  nodeId,
  repoApiUrl,
  repoHtmlUrl,
  repositoryObject,
  userObject,
} from './site';
import { CommentRecord, PullRecord, RepositoryState } from './state';

const BASE64_LINE = 60;

/** GitHub wraps base64 file content at 60 characters per line. */
function wrappedBase64(content: Buffer): string {
  const flat = content.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += BASE64_LINE) {
    lines.push(flat.slice(i, i + BASE64_LINE));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** A `git-ref` for a branch. */
export function gitRefObject(
  state: RepositoryState,
  branch: string,
  sha: string,
): JsonObject {
  const api = repoApiUrl(state.site);
  return {
    ref: `refs/heads/${branch}`,
    node_id: nodeId('REF_', `${branch}`),
    url: `${api}/git/refs/heads/${encodePath(branch)}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

/** The common fields of directory entries and files. */
function contentEntry(
  state: RepositoryState,
  entry: { path: string; ref: string; size: number; sha: string },
): JsonObject {
  const { path, ref } = entry;
  const { site } = state;
  const self = `${repoApiUrl(site)}/contents/${encodePath(
    path,
  )}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoApiUrl(site)}/git/blobs/${entry.sha}`;
  const html = `${repoHtmlUrl(site)}/blob/${encodePath(ref)}/${encodePath(
    path,
  )}`;
  return {
    name: path.split('/').pop(),
    path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url: `${site.apiBaseUrl}/_raw/${site.owner.login}/${
      site.repo
    }/${encodePath(ref)}/${encodePath(path)}`,
    type: 'file',
    _links: { self, git, html },
  };
}

/** A `content-file` with its base64 content. */
export function contentFileObject(
  state: RepositoryState,
  path: string,
  ref: string,
  content: Buffer,
): JsonObject {
  return {
    ...contentEntry(state, {
      path,
      ref,
      size: content.length,
      sha: blobSha(content),
    }),
    content: wrappedBase64(content),
    encoding: 'base64',
  };
}

/** A `content-directory`: the entries right below `dir`. */
export function contentDirectoryObject(
  state: RepositoryState,
  commit: Commit,
  dir: string,
  ref: string,
): JsonObject[] {
  const prefix = dir ? `${dir}/` : '';
  const seen = new Map<string, JsonObject>();
  for (const [path, content] of commit.files) {
    if (!path.startsWith(prefix)) continue;
    const [name, ...rest] = path.slice(prefix.length).split('/');
    const entryPath = `${prefix}${name}`;
    if (seen.has(entryPath)) continue;
    const file = rest.length === 0;
    const entry = contentEntry(state, {
      path: entryPath,
      ref,
      size: file ? content.length : 0,
      sha: file ? blobSha(content) : blobSha(Buffer.from(entryPath)),
    });
    seen.set(
      entryPath,
      file ? entry : { ...entry, type: 'dir', download_url: null },
    );
  }
  return [...seen.values()];
}

function gitActor(state: RepositoryState, date: string) {
  return {
    name: state.site.actor.login,
    email: `${state.site.actor.id}+${state.site.actor.login}@users.noreply.github.com`,
    date,
  };
}

/** The `commit` part of a `file-commit`. */
export function fileCommitObject(
  state: RepositoryState,
  commit: Commit,
): JsonObject {
  const api = repoApiUrl(state.site);
  const html = repoHtmlUrl(state.site);
  return {
    sha: commit.sha,
    node_id: nodeId('C_', commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    author: gitActor(state, commit.date),
    committer: gitActor(state, commit.date),
    tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

/** A `simple-commit`, as runs and webhooks carry `head_commit`. */
export function simpleCommitObject(
  state: RepositoryState,
  commit: Commit | undefined,
  sha: string,
): JsonObject {
  const actor = gitActor(state, commit?.date ?? state.now());
  const person = { name: actor.name, email: actor.email };
  return {
    id: sha,
    tree_id: commit?.treeSha ?? sha,
    message: commit?.message ?? '',
    timestamp: actor.date,
    author: person,
    committer: person,
  };
}

function pullUrls(state: RepositoryState, number: number) {
  const api = repoApiUrl(state.site);
  const html = `${repoHtmlUrl(state.site)}/pull/${number}`;
  return {
    url: `${api}/pulls/${number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${number}`,
    commits_url: `${api}/pulls/${number}/commits`,
    review_comments_url: `${api}/pulls/${number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${number}/comments`,
  };
}

function pullLinks(urls: ReturnType<typeof pullUrls>, statuses: string) {
  const href = (value: string) => ({ href: value });
  return {
    self: href(urls.url),
    html: href(urls.html_url),
    issue: href(urls.issue_url),
    comments: href(urls.comments_url),
    review_comments: href(urls.review_comments_url),
    review_comment: href(urls.review_comment_url),
    commits: href(urls.commits_url),
    statuses: href(statuses),
  };
}

function branchObject(state: RepositoryState, ref: string, sha: string) {
  return {
    label: `${state.site.owner.login}:${ref}`,
    ref,
    sha,
    user: userObject(state.site, state.site.owner),
    repo: repositoryObject(state.site, state.pushedAt),
  };
}

/** A `pull-request-simple`, as `pulls/list` answers. */
export function pullSimpleObject(
  state: RepositoryState,
  pull: PullRecord,
): JsonObject {
  const urls = pullUrls(state, pull.number);
  const headSha = state.pullHeadSha(pull);
  const baseSha = state.git.head(pull.base) ?? headSha;
  const statuses = `${repoApiUrl(state.site)}/statuses/${headSha}`;
  return {
    ...urls,
    id: pull.id,
    node_id: nodeId('PR_', pull.id),
    statuses_url: statuses,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userObject(state.site, state.site.actor),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchObject(state, pull.head, headSha),
    base: branchObject(state, pull.base, baseSha),
    _links: pullLinks(urls, statuses),
    author_association: 'MEMBER',
    auto_merge: null,
    draft: pull.draft,
  };
}

/** A `pull-request`, as `pulls/get`, `create` and `update` answer. */
export function pullObject(
  state: RepositoryState,
  pull: PullRecord,
): JsonObject {
  const simple = pullSimpleObject(state, pull);
  const baseSha = state.git.head(pull.base) ?? pull.headSha;
  const stats = state.git.diff(baseSha, state.pullHeadSha(pull));
  const open = pull.state === 'open';
  let mergeableState = 'unknown';
  if (open) mergeableState = pull.mergeable ? 'clean' : 'dirty';
  return {
    ...simple,
    merged: pull.merged,
    mergeable: open ? pull.mergeable : null,
    rebaseable: open ? pull.mergeable : null,
    mergeable_state: mergeableState,
    merged_by: pull.merged ? userObject(state.site, state.site.actor) : null,
    comments: state.comments.filter(c => c.issueNumber === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}

/** A `pull-request-minimal`, as runs list the pull requests of their branch. */
export function pullMinimalObject(
  state: RepositoryState,
  pull: PullRecord,
): JsonObject {
  const repo = {
    id: state.site.repositoryId,
    url: repoApiUrl(state.site),
    name: state.site.repo,
  };
  return {
    url: `${repoApiUrl(state.site)}/pulls/${pull.number}`,
    id: pull.id,
    number: pull.number,
    head: { ref: pull.head, sha: state.pullHeadSha(pull), repo },
    base: { ref: pull.base, sha: state.git.head(pull.base) ?? '', repo },
  };
}

/** An `issue-comment`. */
export function commentObject(
  state: RepositoryState,
  comment: CommentRecord,
): JsonObject {
  const api = repoApiUrl(state.site);
  const url = `${api}/issues/comments/${comment.id}`;
  const reactions = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray']
    .concat(['eyes', 'rocket'])
    .map(name => [name, 0]);
  return {
    url,
    html_url: `${repoHtmlUrl(state.site)}/pull/${
      comment.issueNumber
    }#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IC_', comment.id),
    user: userObject(state.site, state.site.actor),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: 'MEMBER',
    body: comment.body,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      ...Object.fromEntries(reactions),
    },
    performed_via_github_app: null,
  };
}
