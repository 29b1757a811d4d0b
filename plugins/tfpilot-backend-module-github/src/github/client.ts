import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling, ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import {
  RateLimitPolicy,
  shouldRetryRateLimit,
  tooManyRequestsPlugin,
} from './rateLimits';

/** The Octokit the executor uses: REST methods, retries of 5xx, rate limits waited out. */
export type GithubOctokit = InstanceType<ReturnType<typeof octokitClass>>;

/** Tuning of the client; the defaults suit GitHub, tests shorten the waits. */
export interface GithubClientOptions {
  /**
   * Milliseconds behind each unit of retry delay: plugin-retry waits
   * (n+1)² units after the n-th 5xx, rate limits wait `retry-after` units.
   * Defaults to 1000 (seconds).
   */
  retryBaseMs?: number;
  /** Retries of a 5xx answer; defaults to 3. */
  serverErrorRetries?: number;
  /** Retries after a rate limit answer; defaults to 2. */
  rateLimitRetries?: number;
  /** Longest rate-limit wait accepted before failing the call; defaults to 60 s. */
  maxRateLimitWaitSeconds?: number;
  /**
   * `github` (default) spaces writes as GitHub asks integrations to (one a
   * second, three seconds apart for writes that notify people). `none` is
   * for tests against a local server.
   */
  pacing?: 'github' | 'none';
}

// Statuses that a retry cannot fix; 429 is handled by tooManyRequestsPlugin.
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

type ThrottleGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * A limiter group that starts every job at once. plugin-throttling takes its
 * groups as Bottleneck objects and only ever calls `key(id).schedule(options,
 * task)` on the write and notification groups, so this stands in for one.
 */
function unpacedGroup(): ThrottleGroup {
  const limiter = {
    schedule: (_options: unknown, task: () => Promise<unknown>) => task(),
  };
  return { key: () => limiter } as unknown as ThrottleGroup;
}

function octokitClass(policy: RateLimitPolicy) {
  return Octokit.plugin(tooManyRequestsPlugin(policy), retry, throttling);
}

/** The integration (`integrations.github`) serving a host, checked at start-up. */
export function githubIntegrationFor(config: Config, host: string) {
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new InputError(
      `integrations.github: no entry for host "${host}" (tfpilot.executor.github.host); add one with a token or a GitHub App`,
    );
  }
  const { token, apps, apiBaseUrl } = integration.config;
  if (!token && !apps?.length) {
    throw new InputError(
      `integrations.github: the entry for host "${host}" has neither a token nor a GitHub App; the GitHub executor needs one to open pull requests and dispatch workflows`,
    );
  }
  if (!apiBaseUrl) {
    throw new InputError(
      `integrations.github: the entry for host "${host}" has no apiBaseUrl`,
    );
  }
  return { integrations, apiBaseUrl };
}

/**
 * Makes an authenticated Octokit for the infrastructure repository. Each
 * operation asks for a new one: credentials come fresh from the provider,
 * which renews GitHub App installation tokens before they expire.
 */
export class GithubClientFactory {
  readonly #credentials: GithubCredentialsProvider;
  readonly #apiBaseUrl: string;
  readonly #repositoryUrl: string;
  readonly #logger: LoggerService;
  readonly #Octokit: ReturnType<typeof octokitClass>;
  readonly #throttle: ThrottlingOptions;
  readonly #retry: { retries: number; retryAfterBaseValue: number };

  constructor(options: {
    credentials: GithubCredentialsProvider;
    apiBaseUrl: string;
    repositoryUrl: string;
    logger: LoggerService;
    client?: GithubClientOptions;
  }) {
    const tuning = options.client ?? {};
    const baseMs = tuning.retryBaseMs ?? 1000;
    const policy: RateLimitPolicy = {
      maxRetries: tuning.rateLimitRetries ?? 2,
      maxWaitSeconds: tuning.maxRateLimitWaitSeconds ?? 60,
      baseMs,
    };
    this.#credentials = options.credentials;
    this.#apiBaseUrl = options.apiBaseUrl;
    this.#repositoryUrl = options.repositoryUrl;
    this.#logger = options.logger;
    this.#Octokit = octokitClass(policy);
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        _octokit: unknown,
        retryCount: number,
      ) => {
        const again = shouldRetryRateLimit(policy, retryAfter, retryCount);
        this.#logger.warn(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}; ${
            again ? `retrying in ${retryAfter}s` : 'giving up'
          }`,
        );
        return again;
      };
    this.#throttle = {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: baseMs,
      ...(tuning.pacing === 'none'
        ? { write: unpacedGroup(), notifications: unpacedGroup() }
        : {}),
    };
    this.#retry = {
      retries: tuning.serverErrorRetries ?? 3,
      retryAfterBaseValue: baseMs,
    };
  }

  /** Builds the factory from `integrations.github` for the executor's repository. */
  static fromConfig(
    config: Config,
    options: {
      host: string;
      owner: string;
      repo: string;
      logger: LoggerService;
      client?: GithubClientOptions;
    },
  ): GithubClientFactory {
    const { integrations, apiBaseUrl } = githubIntegrationFor(
      config,
      options.host,
    );
    return new GithubClientFactory({
      credentials:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      apiBaseUrl,
      repositoryUrl: `https://${options.host}/${options.owner}/${options.repo}`,
      logger: options.logger,
      client: options.client,
    });
  }

  /** A client with fresh credentials, for one operation. */
  async create(): Promise<GithubOctokit> {
    const { token } = await this.#credentials.getCredentials({
      url: this.#repositoryUrl,
    });
    if (!token) {
      throw new Error(
        `No GitHub credentials for ${
          this.#repositoryUrl
        }; check integrations.github`,
      );
    }
    const logger = this.#logger;
    return new this.#Octokit({
      auth: token,
      baseUrl: this.#apiBaseUrl,
      userAgent: 'tfpilot-backstage',
      // Octokit's debug log carries request headers (the token): dropped.
      log: {
        debug: () => {},
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
      throttle: this.#throttle,
      retry: { ...this.#retry, doNotRetry: DO_NOT_RETRY },
    });
  }
}
