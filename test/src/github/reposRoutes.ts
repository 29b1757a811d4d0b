import { blobSha } from './git';
import {
  ApiRequest,
  ApiResponse,
  bodyObject,
  GithubApiError,
  notFound,
  optionalString,
  Route,
} from './http';
import {
  contentDirectoryObject,
  contentFileObject,
  fileCommitObject,
  gitRefObject,
} from './repoShapes';
import { fullRepositoryObject } from './site';
import { RepositoryState } from './state';

type Handler = (req: ApiRequest, state: RepositoryState) => ApiResponse;

const BRANCH_REF = /^heads\/(.+)$/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

function getRepository(_req: ApiRequest, state: RepositoryState): ApiResponse {
  return {
    status: 200,
    body: fullRepositoryObject(state.site, state.pushedAt),
  };
}

const getRef: Handler = (req, state) => {
  const branch = BRANCH_REF.exec(req.params.ref)?.[1];
  const sha = branch ? state.git.head(branch) : undefined;
  if (!branch || !sha) throw notFound();
  return { status: 200, body: gitRefObject(state, branch, sha) };
};

const createRef: Handler = (req, state) => {
  const body = bodyObject(req);
  const ref = String(body.ref);
  const sha = String(body.sha);
  if (!/^refs\/.+\/.+/.test(ref)) {
    throw new GithubApiError(422, `${ref} is not a valid ref name.`);
  }
  const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
  if (!branch) throw new GithubApiError(422, 'Only branches are simulated');
  if (!state.git.commit(sha)) {
    throw new GithubApiError(422, 'Object does not exist');
  }
  if (state.git.head(branch)) {
    throw new GithubApiError(422, 'Reference already exists');
  }
  state.git.createBranch(branch, sha);
  const created = gitRefObject(state, branch, sha);
  return {
    status: 201,
    body: created,
    headers: { location: String(created.url) },
  };
};

const deleteRef: Handler = (req, state) => {
  const branch = BRANCH_REF.exec(req.params.ref)?.[1];
  if (!branch || !state.git.deleteBranch(branch)) {
    throw new GithubApiError(422, 'Reference does not exist');
  }
  // GitHub closes the open pull requests of a deleted head branch.
  for (const pull of state.pulls) {
    if (pull.head === branch && pull.state === 'open') {
      pull.state = 'closed';
      pull.closedAt = state.now();
      pull.updatedAt = pull.closedAt;
    }
  }
  return { status: 204 };
};

function wantsRaw(req: ApiRequest): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? '');
}

const getContent: Handler = (req, state) => {
  const ref = req.query.get('ref') || state.site.defaultBranch;
  const commit = state.git.resolve(ref);
  if (!commit) {
    throw new GithubApiError(404, `No commit found for the ref ${ref}`);
  }
  const path = req.params.path.replace(/\/+$/, '');
  const content = commit.files.get(path);
  if (content && wantsRaw(req)) {
    return {
      status: 200,
      raw: { contentType: 'application/vnd.github.raw', data: content },
    };
  }
  if (content) {
    return { status: 200, body: contentFileObject(state, path, ref, content) };
  }
  const entries = contentDirectoryObject(state, commit, path, ref);
  if (entries.length === 0) throw notFound();
  return { status: 200, body: entries };
};

function decodeContent(body: Record<string, unknown>): Buffer {
  const content = String(body.content);
  if (!BASE64.test(content)) {
    throw new GithubApiError(422, 'content is not valid Base64');
  }
  return Buffer.from(content, 'base64');
}

/** GitHub's optimistic lock: updating needs the current blob sha. */
function checkFileSha(path: string, current: Buffer | undefined, sha?: string) {
  if (!current) return;
  if (sha === undefined) {
    throw new GithubApiError(
      422,
      'Invalid request.\n\n"sha" wasn\'t supplied.',
    );
  }
  if (sha !== blobSha(current)) {
    throw new GithubApiError(409, `${path} does not match ${sha}`);
  }
}

const putContent: Handler = (req, state) => {
  const body = bodyObject(req);
  const branch = optionalString(body, 'branch') ?? state.site.defaultBranch;
  const head = state.git.head(branch);
  if (!head) throw new GithubApiError(404, `Branch ${branch} not found`);
  const { path } = req.params;
  const current = state.git.commit(head)?.files.get(path);
  checkFileSha(path, current, optionalString(body, 'sha'));
  const content = decodeContent(body);
  const commit = state.git.writeFile(
    branch,
    path,
    content,
    String(body.message),
    state.now(),
  );
  state.pushedAt = commit.date;
  const file = contentFileObject(state, path, branch, content);
  delete file.content;
  delete file.encoding;
  return {
    status: current ? 200 : 201,
    body: { content: file, commit: fileCommitObject(state, commit) },
  };
};

/** Repositories, git references and contents. */
export const reposRoutes: Array<Route<RepositoryState>> = [
  { operation: 'repos/get', handle: getRepository },
  { operation: 'git/get-ref', handle: getRef },
  { operation: 'git/create-ref', handle: createRef },
  { operation: 'git/delete-ref', handle: deleteRef },
  { operation: 'repos/get-content', handle: getContent },
  { operation: 'repos/create-or-update-file-contents', handle: putContent },
];
