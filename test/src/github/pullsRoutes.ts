import {
  ApiRequest,
  ApiResponse,
  bodyObject,
  GithubApiError,
  notFound,
  optionalString,
  paginate,
  Route,
  validationFailed,
} from './http';
import { commentObject, pullObject, pullSimpleObject } from './repoShapes';
import { PullRecord, RepositoryState } from './state';

type Handler = (req: ApiRequest, state: RepositoryState) => ApiResponse;

/** GitHub's limit on issue and pull request comment bodies. */
export const MAX_COMMENT_LENGTH = 65536;

function headBranch(state: RepositoryState, head: string): string | undefined {
  const [owner, branch] = head.includes(':') ? head.split(/:(.*)/) : ['', head];
  if (owner && owner.toLowerCase() !== state.site.owner.login.toLowerCase()) {
    return undefined;
  }
  return branch;
}

function requirePull(req: ApiRequest, state: RepositoryState): PullRecord {
  const pull = state.pull(Number(req.params.pull_number));
  if (!pull) throw notFound();
  return pull;
}

const listPulls: Handler = (req, state) => {
  const wanted = req.query.get('state') ?? 'open';
  const head = req.query.get('head');
  const branch = head ? headBranch(state, head) : undefined;
  const base = req.query.get('base');
  const matching = state.pulls
    .filter(p => wanted === 'all' || p.state === wanted)
    .filter(p => !head || p.head === branch)
    .filter(p => !base || p.base === base);
  const ordered =
    req.query.get('direction') === 'asc' ? matching : [...matching].reverse();
  const page = paginate(req, state.site.apiBaseUrl, ordered);
  return {
    status: 200,
    body: page.items.map(p => pullSimpleObject(state, p)),
    headers: page.headers,
  };
};

function checkNewPull(state: RepositoryState, head: string, base: string) {
  const branch = headBranch(state, head);
  const headSha = branch ? state.git.head(branch) : undefined;
  const baseSha = state.git.head(base);
  if (!branch || !headSha) {
    throw validationFailed({
      resource: 'PullRequest',
      field: 'head',
      code: 'invalid',
    });
  }
  if (!baseSha) {
    throw validationFailed({
      resource: 'PullRequest',
      field: 'base',
      code: 'invalid',
    });
  }
  if (
    state.pulls.some(
      p => p.state === 'open' && p.head === branch && p.base === base,
    )
  ) {
    throw validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `A pull request already exists for ${state.site.owner.login}:${branch}.`,
    });
  }
  if (state.git.commitsAhead(baseSha, headSha) === 0) {
    throw validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      message: `No commits between ${base} and ${branch}`,
    });
  }
  return { branch, headSha };
}

const createPull: Handler = (req, state) => {
  const body = bodyObject(req);
  const base = String(body.base);
  const { branch, headSha } = checkNewPull(state, String(body.head), base);
  const now = state.now();
  state.issueNumber += 1;
  const pull: PullRecord = {
    number: state.issueNumber,
    id: state.nextId('pull'),
    title: optionalString(body, 'title') ?? branch,
    body: optionalString(body, 'body') ?? null,
    head: branch,
    base,
    state: 'open',
    draft: body.draft === true,
    merged: false,
    mergeable: true,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    headSha,
  };
  state.pulls.push(pull);
  const created = pullObject(state, pull);
  return {
    status: 201,
    body: created,
    headers: { location: String(created.url) },
  };
};

const getPull: Handler = (req, state) => ({
  status: 200,
  body: pullObject(state, requirePull(req, state)),
});

function reopen(state: RepositoryState, pull: PullRecord) {
  if (pull.merged || !state.git.head(pull.head)) {
    throw validationFailed({
      resource: 'PullRequest',
      code: 'custom',
      field: 'state',
      message:
        'state cannot be changed. The head branch was deleted or the pull request was merged.',
    });
  }
  pull.state = 'open';
  pull.closedAt = null;
}

const updatePull: Handler = (req, state) => {
  const pull = requirePull(req, state);
  const body = bodyObject(req);
  pull.title = optionalString(body, 'title') ?? pull.title;
  if ('body' in body) pull.body = optionalString(body, 'body') ?? null;
  pull.base = optionalString(body, 'base') ?? pull.base;
  if (body.state === 'closed' && pull.state === 'open') {
    state.pullHeadSha(pull);
    pull.state = 'closed';
    pull.closedAt = state.now();
  } else if (body.state === 'open' && pull.state === 'closed') {
    reopen(state, pull);
  }
  pull.updatedAt = state.now();
  return { status: 200, body: pullObject(state, pull) };
};

const mergePull: Handler = (req, state) => {
  const pull = requirePull(req, state);
  const body = bodyObject(req);
  if (pull.state !== 'open' || !pull.mergeable || !state.git.head(pull.head)) {
    throw new GithubApiError(405, 'Pull Request is not mergeable');
  }
  const expected = optionalString(body, 'sha');
  if (expected && expected !== state.pullHeadSha(pull)) {
    throw new GithubApiError(
      409,
      'Head branch was modified. Review and try the merge again.',
    );
  }
  state.pullHeadSha(pull);
  const title =
    optionalString(body, 'commit_title') ??
    `Merge pull request #${pull.number} from ${state.site.owner.login}/${pull.head}`;
  const commit = state.git.merge(pull.base, pull.head, title, state.now());
  Object.assign(pull, {
    state: 'closed',
    merged: true,
    mergedAt: commit.date,
    closedAt: commit.date,
    updatedAt: commit.date,
    mergeCommitSha: commit.sha,
  });
  state.pushedAt = commit.date;
  return {
    status: 200,
    body: {
      sha: commit.sha,
      merged: true,
      message: 'Pull Request successfully merged',
    },
  };
};

function checkCommentBody(body: unknown): string {
  const text = String(body);
  if (text.length > MAX_COMMENT_LENGTH) {
    throw validationFailed({
      resource: 'IssueComment',
      code: 'unprocessable',
      field: 'data',
      message: `Body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`,
    });
  }
  return text;
}

function requireIssue(req: ApiRequest, state: RepositoryState): number {
  const number = Number(req.params.issue_number);
  if (!state.pull(number)) throw notFound();
  return number;
}

const listComments: Handler = (req, state) => {
  const number = requireIssue(req, state);
  const page = paginate(
    req,
    state.site.apiBaseUrl,
    state.comments.filter(c => c.issueNumber === number),
  );
  return {
    status: 200,
    body: page.items.map(c => commentObject(state, c)),
    headers: page.headers,
  };
};

const createComment: Handler = (req, state) => {
  const issueNumber = requireIssue(req, state);
  const text = checkCommentBody(bodyObject(req).body);
  const now = state.now();
  const comment = {
    id: state.nextId('comment'),
    issueNumber,
    body: text,
    createdAt: now,
    updatedAt: now,
  };
  state.comments.push(comment);
  const created = commentObject(state, comment);
  return {
    status: 201,
    body: created,
    headers: { location: String(created.url) },
  };
};

const updateComment: Handler = (req, state) => {
  const comment = state.comments.find(
    c => c.id === Number(req.params.comment_id),
  );
  if (!comment) throw notFound();
  comment.body = checkCommentBody(bodyObject(req).body);
  comment.updatedAt = state.now();
  return { status: 200, body: commentObject(state, comment) };
};

/** Pull requests and their conversation comments. */
export const pullsRoutes: Array<Route<RepositoryState>> = [
  { operation: 'pulls/list', handle: listPulls },
  { operation: 'pulls/create', handle: createPull },
  { operation: 'pulls/get', handle: getPull },
  { operation: 'pulls/update', handle: updatePull },
  { operation: 'pulls/merge', handle: mergePull },
  { operation: 'issues/list-comments', handle: listComments },
  { operation: 'issues/create-comment', handle: createComment },
  { operation: 'issues/update-comment', handle: updateComment },
];
