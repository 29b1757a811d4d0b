import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { actionsRoutes } from './actionsRoutes';
import { FaultQueue, faultAnswer, GithubFault } from './faults';
import { ApiResponse, errorBody, GithubApiError, notFound } from './http';
import { defaultWorkflowsDir } from './locations';
import {
  documentsBodyFor,
  GithubOperation,
  validateAgainstGithubOpenApi,
  validateGithubError,
  validateGithubRequestBody,
} from './openapi';
import { pullsRoutes } from './pullsRoutes';
import { reposRoutes } from './reposRoutes';
import { CompiledRoute, compileRoutes, matchRoute, RouteMatch } from './router';
import {
  ArtifactFiles,
  markJobsCompleted,
  markRunCompleted,
  markStarted,
} from './runLifecycle';
import { isoSeconds } from './site';
import {
  pullState,
  PullRequestState,
  RepositoryState,
  RunConclusion,
  RunRecord,
  runState,
  WorkflowRunState,
} from './state';
import { answerDownload } from './downloads';
import { RateLimitWindow } from './faults';
import {
  Delivery,
  DeliveryOptions,
  WebhookSender,
  workflowJobPayload,
  workflowRunPayload,
} from './webhooks';

/** How to start a {@link GithubTestServer}. */
export interface GithubTestServerOptions {
  /** The repository's owner, e.g. `acme` (an organization). */
  owner: string;
  /** The repository's name, e.g. `infra-live`. */
  repo: string;
  /** The default branch; `main` by default. */
  baseBranch?: string;
  /** The one accepted token; `test-token` by default. */
  token?: string;
  /** Signs deliveries (`X-Hub-Signature-256`, `X-Hub-Signature`). */
  webhookSecret: string;
  /** Where deliveries go; may be set later with `setWebhookUrl`. */
  webhookUrl?: string;
  /** Directory of workflow YAML; the repository's `.github/workflows` by default. */
  workflowsDir?: string;
  /**
   * Workflow files that exist even without YAML in `workflowsDir` (dispatch
   * then skips input checks); the five `tfpilot-*.yml` by default.
   */
  workflows?: string[];
  /** Files on the default branch at start: path → content. */
  files?: Record<string, string | Buffer>;
  /** Login of the token's user; `tfpilot-bot` by default. */
  actor?: string;
  /** Base of `html_url`s; `https://github.com` by default. */
  htmlBaseUrl?: string;
  /** Time source, for deterministic timestamps. */
  clock?: () => Date;
}

/** One API call the server received. */
export interface GithubApiCall {
  method: string;
  /** The path without the query string. */
  path: string;
  query: string;
  /** GitHub's `operationId`, e.g. `git/get-ref`; `unknown` for unmatched paths. */
  operation: string;
  status: number;
}

/** A response that did not match GitHub's description. */
export interface GithubSchemaViolation {
  operation: string;
  status: number;
  errors: string;
}

/** How a simulated run ends. */
export interface GithubRunOutcome {
  conclusion: RunConclusion;
  /** Artifact name → files (name inside the zip → content). */
  artifacts?: Record<string, ArtifactFiles>;
  /** Send the `workflow_job` and `workflow_run` deliveries; true by default. */
  deliver?: boolean;
}

const DEFAULT_WORKFLOWS = ['plan', 'apply', 'destroy', 'drift', 'cleanup'].map(
  name => `tfpilot-${name}.yml`,
);
const API_VERSION = '2022-11-28';
const GENERIC_DOCS = 'https://docs.github.com/rest';

interface Incoming {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  requestId: string;
}

interface Answer {
  operation: string;
  documented?: GithubOperation;
  response: ApiResponse;
  /** Internal (blob, raw) answers are not GitHub API calls. */
  api: boolean;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** GitHub's request ids look like `C0DE:1F2E:3A4B5C:6D7E8F:66A0B1C2`. */
function requestId(): string {
  const hex = (bytes: number) =>
    randomBytes(bytes).toString('hex').toUpperCase();
  return [hex(2), hex(2), hex(3), hex(3), hex(4)].join(':');
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GithubApiError(400, 'Problems parsing JSON');
  }
}

/**
 * A GitHub host serving one repository from memory: the REST operations a
 * GitHub executor uses, with bodies checked against GitHub's OpenAPI
 * description, plus signed webhook deliveries shaped like real ones.
 *
 * Simplified on purpose, where tests have not needed more:
 * - one repository and one token; refs are branches only (no tags);
 *   files are created or updated, never deleted;
 * - a merge lays the head's changes over the base; conflicts exist only
 *   when a test says so (`setMergeable`);
 * - a run has one job per YAML job (no matrix, no `needs` ordering) and
 *   they all move together; `workflow_run.requested` is not sent on dispatch
 *   (send it with `deliverRunEvent`);
 * - artifact zips are served by this server behind the 302, where GitHub
 *   redirects to another host;
 * - OpenAPI `oneOf` is checked as `anyOf`: GitHub's alternatives overlap.
 */
export class GithubTestServer {
  readonly apiBaseUrl: string;
  readonly #http: Server;
  readonly #state: RepositoryState;
  readonly #token: string;
  readonly #routes: Array<CompiledRoute<RepositoryState>>;
  readonly #sender: WebhookSender;
  readonly #faults = new FaultQueue();
  readonly #calls: GithubApiCall[] = [];
  readonly #violations: GithubSchemaViolation[] = [];
  readonly #rateLimit = new RateLimitWindow();

  private constructor(
    options: GithubTestServerOptions,
    http: Server,
    apiBaseUrl: string,
  ) {
    this.#http = http;
    this.apiBaseUrl = apiBaseUrl;
    this.#token = options.token ?? 'test-token';
    this.#routes = compileRoutes([
      ...reposRoutes,
      ...pullsRoutes,
      ...actionsRoutes,
    ]);
    const clock = options.clock ?? (() => new Date());
    this.#state = new RepositoryState(
      {
        owner: { login: options.owner, id: 90_000_001, type: 'Organization' },
        repo: options.repo,
        repositoryId: 800_000_001,
        actor: {
          login: options.actor ?? 'tfpilot-bot',
          id: 90_000_002,
          type: 'User',
        },
        defaultBranch: options.baseBranch ?? 'main',
        apiBaseUrl,
        htmlBaseUrl: options.htmlBaseUrl ?? 'https://github.com',
        createdAt: isoSeconds(clock()),
      },
      clock,
      {
        files: options.files ?? {},
        workflowsDir: options.workflowsDir ?? defaultWorkflowsDir(),
        workflows: options.workflows ?? DEFAULT_WORKFLOWS,
      },
    );
    this.#sender = new WebhookSender(
      options.webhookSecret,
      470_000_001,
      this.#state.site.repositoryId,
      (operation, errors) =>
        this.#violations.push({ operation, status: 0, errors }),
    );
    this.#sender.url = options.webhookUrl;
  }

  /** Listens on 127.0.0.1 at a free port. */
  static async start(
    options: GithubTestServerOptions,
  ): Promise<GithubTestServer> {
    const http = createServer();
    await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const server = new GithubTestServer(
      options,
      http,
      `http://127.0.0.1:${port}`,
    );
    http.on('request', (req, res) => {
      server.#onRequest(req, res).catch(error => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    return server;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.#http.close(() => resolve());
      // Clients keep connections alive; close them so `close` returns.
      this.#http.closeAllConnections();
    });
  }

  setWebhookUrl(url: string): void {
    this.#sender.url = url;
  }

  /** Every API call received, in order. */
  get calls(): ReadonlyArray<GithubApiCall> {
    return this.#calls;
  }

  resetCalls(): void {
    this.#calls.length = 0;
  }

  /** Responses (and deliveries) that did not match GitHub's description. */
  get schemaViolations(): ReadonlyArray<GithubSchemaViolation> {
    return this.#violations;
  }

  get deliveries(): ReadonlyArray<Delivery> {
    return this.#sender.deliveries;
  }

  // ---- state inspection ----

  branch(name: string): { sha: string } | undefined {
    const sha = this.#state.git.head(name);
    return sha ? { sha } : undefined;
  }

  /** A file's utf8 content on a branch (or at a commit sha). */
  file(branch: string, path: string): string | undefined {
    return this.#state.git.resolve(branch)?.files.get(path)?.toString('utf8');
  }

  pulls(): ReadonlyArray<PullRequestState> {
    return this.#state.pulls.map(pull => pullState(this.#state, pull));
  }

  comments(pullNumber: number): ReadonlyArray<{ id: number; body: string }> {
    return this.#state.comments
      .filter(c => c.issueNumber === pullNumber)
      .map(c => ({ id: c.id, body: c.body }));
  }

  runs(): ReadonlyArray<WorkflowRunState> {
    return this.#state.runs.map(runState);
  }

  run(runId: number): WorkflowRunState | undefined {
    const run = this.#state.run(runId);
    return run ? runState(run) : undefined;
  }

  // ---- state changes a test makes as "someone else" ----

  /** Commits a file on a branch, as a push by someone else would; returns the commit sha. */
  pushFile(
    branch: string,
    path: string,
    content: string | Buffer,
    message?: string,
  ): string {
    if (!this.#state.git.head(branch)) throw new Error(`no branch ${branch}`);
    const commit = this.#state.git.writeFile(
      branch,
      path,
      Buffer.from(content),
      message ?? `Update ${path}`,
      this.#state.now(),
    );
    this.#state.pushedAt = commit.date;
    return commit.sha;
  }

  /** Makes a pull request (un)mergeable, as a conflict would. */
  setMergeable(pullNumber: number, mergeable: boolean): void {
    const pull = this.#state.pull(pullNumber);
    if (!pull) throw new Error(`no pull request #${pullNumber}`);
    pull.mergeable = mergeable;
  }

  /** Expires the artifacts of one run, or of every run: downloads answer 410. */
  expireArtifacts(runId?: number): void {
    for (const run of this.#state.runs) {
      if (runId !== undefined && run.id !== runId) continue;
      for (const artifact of run.artifacts) artifact.expired = true;
    }
  }

  // ---- run simulation ----

  #requireRun(runId: number): RunRecord {
    const run = this.#state.run(runId);
    if (!run) throw new Error(`no workflow run ${runId}`);
    return run;
  }

  #wantsDelivery(flag: boolean | undefined): boolean {
    const wanted = flag ?? true;
    if (wanted && !this.#sender.url) {
      throw new Error(
        'No webhook URL: call setWebhookUrl() first, or pass deliver: false',
      );
    }
    return wanted;
  }

  async #deliverJobs(run: RunRecord): Promise<Delivery[]> {
    const sent: Delivery[] = [];
    for (const job of run.jobs) {
      const payload = workflowJobPayload(this.#state, run, job);
      sent.push(await this.#sender.deliver('workflow_job', payload, {}, true));
    }
    return sent;
  }

  /**
   * The runner picks the run up: `workflow_job` queued, `workflow_run`
   * in_progress, then `workflow_job` in_progress deliveries.
   */
  async startRun(
    runId: number,
    options: { deliver?: boolean } = {},
  ): Promise<Delivery[]> {
    const run = this.#requireRun(runId);
    if (run.status !== 'queued')
      throw new Error(`run ${runId} is ${run.status}`);
    const deliver = this.#wantsDelivery(options.deliver);
    const sent = deliver ? await this.#deliverJobs(run) : [];
    markStarted(this.#state, run);
    if (!deliver) return sent;
    sent.push(await this.deliverRunEvent(runId, 'in_progress'));
    sent.push(...(await this.#deliverJobs(run)));
    return sent;
  }

  /**
   * The run ends: jobs complete and upload the artifacts (each zipped), then
   * the run completes; `workflow_job` and `workflow_run` completed deliveries
   * follow each step unless `deliver` is false.
   */
  async completeRun(
    runId: number,
    outcome: GithubRunOutcome,
  ): Promise<Delivery[]> {
    const run = this.#requireRun(runId);
    if (run.status === 'completed')
      throw new Error(`run ${runId} is completed`);
    const deliver = this.#wantsDelivery(outcome.deliver);
    if (run.status === 'queued') markStarted(this.#state, run);
    markJobsCompleted(
      this.#state,
      run,
      outcome.conclusion,
      outcome.artifacts ?? {},
    );
    const sent = deliver ? await this.#deliverJobs(run) : [];
    markRunCompleted(this.#state, run, outcome.conclusion);
    if (deliver) sent.push(await this.deliverRunEvent(runId, 'completed'));
    return sent;
  }

  /**
   * A `workflow_run` delivery for one stage of the run, showing the run as it
   * was at that stage: late or repeated deliveries look like GitHub's.
   */
  async deliverRunEvent(
    runId: number,
    action: 'requested' | 'in_progress' | 'completed',
    options?: DeliveryOptions,
  ): Promise<Delivery> {
    const run = this.#requireRun(runId);
    if (action === 'completed' && run.status !== 'completed') {
      throw new Error(`run ${runId} has not completed`);
    }
    const asWas: RunRecord =
      action === 'completed'
        ? run
        : {
            ...run,
            status: action === 'requested' ? 'queued' : 'in_progress',
            conclusion: null,
          };
    const payload = workflowRunPayload(this.#state, asWas, action);
    return this.#sender.deliver('workflow_run', payload, options, true);
  }

  // ---- faults and webhooks ----

  /** The next `count` matching calls answer `status` instead. */
  failNext(fault: GithubFault): void {
    this.#faults.add(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  deliver(
    event: string,
    payload: object,
    options?: DeliveryOptions,
  ): Promise<Delivery> {
    return this.#sender.deliver(event, { ...payload }, options);
  }

  redeliver(deliveryId: string): Promise<Delivery> {
    return this.#sender.redeliver(deliveryId);
  }

  // ---- HTTP ----

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incoming: Incoming = {
      method: (req.method ?? 'GET').toUpperCase(),
      url: new URL(req.url ?? '/', this.apiBaseUrl),
      headers: req.headers,
      raw: await readBody(req),
      requestId: requestId(),
    };
    const answer = this.#internalAnswer(incoming) ?? this.#apiAnswer(incoming);
    this.#send(res, incoming, answer);
  }

  #apiAnswer(incoming: Incoming): Answer {
    const match = matchRoute(
      this.#routes,
      incoming.method,
      incoming.url.pathname,
    );
    const documented = match?.compiled.operation;
    const operation = documented?.operationId ?? 'unknown';
    try {
      const response = this.#handle(incoming, operation, match);
      return { operation, documented, response, api: true };
    } catch (error) {
      const response = this.#errorResponse(error, operation, documented);
      return { operation, documented, response, api: true };
    }
  }

  #handle(
    incoming: Incoming,
    operation: string,
    match: RouteMatch<RepositoryState> | undefined,
  ): ApiResponse {
    this.#checkFault(operation, incoming.requestId);
    this.#authenticate(incoming.headers);
    if (!match) throw notFound();
    this.#checkRepository(match.params);
    const body = parseJson(incoming.raw);
    this.#checkRequestBody(operation, incoming.method, body);
    return match.compiled.route.handle(
      {
        method: incoming.method,
        path: incoming.url.pathname,
        query: incoming.url.searchParams,
        params: match.params,
        headers: incoming.headers,
        body,
      },
      this.#state,
    );
  }

  #errorResponse(
    error: unknown,
    operation: string,
    documented: GithubOperation | undefined,
  ): ApiResponse {
    const failure =
      error instanceof GithubApiError
        ? error
        : this.#internalError(operation, error);
    return {
      status: failure.status,
      body: errorBody(failure, documented?.documentationUrl ?? GENERIC_DOCS),
      headers: failure.headers,
    };
  }

  /** A bug in the simulation: surfaces through `schemaViolations`. */
  #internalError(operation: string, error: unknown): GithubApiError {
    const message =
      error instanceof Error ? error.stack ?? error.message : String(error);
    this.#violations.push({
      operation,
      status: 500,
      errors: `server error: ${message}`,
    });
    return new GithubApiError(500, 'Server Error');
  }

  #checkFault(operation: string, id: string): void {
    const fault = this.#faults.take(operation);
    if (!fault) return;
    const answer = faultAnswer(fault, {
      requestId: id,
      userId: this.#state.site.actor.id,
      nowSeconds: Math.floor(this.#state.nowDate().getTime() / 1000),
    });
    throw new GithubApiError(answer.status, answer.message, {
      headers: answer.headers,
      documentationUrl: answer.documentationUrl,
    });
  }

  #authenticate(headers: IncomingHttpHeaders): void {
    const header = headers.authorization;
    if (!header) throw new GithubApiError(401, 'Requires authentication');
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1];
    if (token !== this.#token) throw new GithubApiError(401, 'Bad credentials');
  }

  #checkRepository(params: Record<string, string>): void {
    const { site } = this.#state;
    const same = (a: string | undefined, b: string) =>
      a === undefined || a.toLowerCase() === b.toLowerCase();
    if (
      !same(params.owner, site.owner.login) ||
      !same(params.repo, site.repo)
    ) {
      throw notFound();
    }
  }

  #checkRequestBody(operation: string, method: string, body: unknown): void {
    if (!['POST', 'PUT', 'PATCH'].includes(method)) return;
    const result = validateGithubRequestBody(operation, body ?? {});
    if (!result.valid) {
      throw new GithubApiError(
        422,
        `Invalid request.\n\n${result.errors.join('\n')}`,
      );
    }
  }

  /** Blob storage and raw file downloads: no token, not API calls. */
  #internalAnswer(incoming: Incoming): Answer | undefined {
    const download = answerDownload(this.#state, incoming.url);
    return download && { ...download, api: false };
  }

  #validate(answer: Answer): void {
    const { documented, response } = answer;
    if (!answer.api || response.raw) return;
    const { status, body } = response;
    const result =
      documented && (status < 400 || documentsBodyFor(documented, status))
        ? validateAgainstGithubOpenApi(
            documented.method,
            documented.pathTemplate,
            status,
            body,
          )
        : validateGithubError(body);
    if (!result.valid) {
      this.#violations.push({
        operation: answer.operation,
        status,
        errors: result.errors.join('\n'),
      });
    }
  }

  #send(res: ServerResponse, incoming: Incoming, answer: Answer): void {
    const { response } = answer;
    this.#validate(answer);
    const headers: Record<string, string> = {
      'x-github-request-id': incoming.requestId,
      ...(answer.api
        ? {
            ...this.#rateLimit.count(this.#state.nowDate()),
            'x-github-api-version-selected': API_VERSION,
            'x-github-media-type': 'github.v3; format=json',
          }
        : {}),
      ...response.headers,
    };
    let data: Uint8Array | undefined;
    if (response.raw) {
      headers['content-type'] = response.raw.contentType;
      data = response.raw.data;
    } else if (response.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      data = Buffer.from(JSON.stringify(response.body));
    }
    this.#calls.push({
      method: incoming.method,
      path: incoming.url.pathname,
      query: incoming.url.search,
      operation: answer.operation,
      status: response.status,
    });
    res.writeHead(response.status, headers);
    res.end(data);
  }
}
