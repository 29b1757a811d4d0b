import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { isEmailAddress, normalizePrincipalRef } from './addresses';
import {
  APPROVERS_AUDIENCE,
  EmailSettings,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  NotificationChannel,
  NotificationEvent,
  NotificationRoute,
  NotificationSettings,
  OWNER_AUDIENCE,
  RetrySettings,
  SlackSettings,
} from './types';

const KEY = 'tfpilot.notifications';
const DEFAULT_SLACK_API = 'https://slack.com/api';

export const DEFAULT_RETRY: RetrySettings = {
  attempts: 4,
  backoffMs: 1000,
  maxBackoffMs: 60_000,
};

/**
 * With no routes configured: in-app only, to the owner for what happens to
 * their request and to the approvers when a plan waits for them.
 */
export const DEFAULT_ROUTES: readonly NotificationRoute[] = [
  {
    events: NOTIFICATION_EVENTS.filter(e => e !== 'approval_required'),
    notify: [OWNER_AUDIENCE],
    emails: [],
    channels: ['inApp'],
  },
  {
    events: ['approval_required'],
    notify: [APPROVERS_AUDIENCE],
    emails: [],
    channels: ['inApp'],
  },
];

function fail(key: string, problem: string): never {
  throw new Error(`${KEY}.${key}: ${problem}`);
}

function oneOf<T extends string>(
  key: string,
  values: string[] | undefined,
  known: readonly T[],
): T[] | undefined {
  if (!values) return undefined;
  for (const value of values) {
    if (!(known as readonly string[]).includes(value)) {
      fail(key, `unknown value "${value}" (known: ${known.join(', ')})`);
    }
  }
  return [...new Set(values)] as T[];
}

function readHttpUrl(config: Config, key: string): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`slack.${key}`, 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`slack.${key}`, 'must be an http(s) URL');
  }
  return value.replace(/\/+$/, '');
}

function readSmtp(config: Config): EmailSettings['smtp'] {
  const port = config.getOptionalNumber('port');
  const secure = config.getOptionalBoolean('secure') ?? port === 465;
  const resolvedPort = port ?? (secure ? 465 : 587);
  if (!Number.isInteger(resolvedPort) || resolvedPort < 1) {
    fail('email.smtp.port', 'must be a port number');
  }
  const auth = config.getOptionalConfig('auth');
  return {
    host: config.getString('host'),
    port: resolvedPort,
    secure,
    requireTLS: config.getOptionalBoolean('requireTLS') ?? false,
    ...(auth
      ? { auth: { user: auth.getString('user'), pass: auth.getString('pass') } }
      : {}),
  };
}

function readEmail(config: Config | undefined): EmailSettings | undefined {
  if (!config) return undefined;
  const from = config.getString('from');
  const replyTo = config.getOptionalString('replyTo');
  if (!isEmailAddress(from)) fail('email.from', 'not an email address');
  if (replyTo !== undefined && !isEmailAddress(replyTo)) {
    fail('email.replyTo', 'not an email address');
  }
  return {
    from,
    ...(replyTo ? { replyTo } : {}),
    smtp: readSmtp(config.getConfig('smtp')),
  };
}

function readSlack(config: Config | undefined): SlackSettings | undefined {
  if (!config) return undefined;
  const token = config.getOptionalString('token');
  const webhookUrl = readHttpUrl(config, 'webhookUrl');
  const defaultChannel = config.getOptionalString('defaultChannel');
  if (token) {
    return {
      mode: 'api',
      token,
      apiBaseUrl: readHttpUrl(config, 'apiBaseUrl') ?? DEFAULT_SLACK_API,
      ...(defaultChannel ? { defaultChannel } : {}),
    };
  }
  if (webhookUrl) return { mode: 'webhook', webhookUrl };
  return fail('slack', 'needs a bot token (token) or an incoming webhook URL');
}

function readRetry(config: Config | undefined): RetrySettings {
  const attempts = config?.getOptionalNumber('attempts');
  const backoffMs = config?.getOptionalNumber('backoffMs');
  const maxBackoffMs = config?.getOptionalNumber('maxBackoffMs');
  const retry = {
    attempts: attempts ?? DEFAULT_RETRY.attempts,
    backoffMs: backoffMs ?? DEFAULT_RETRY.backoffMs,
    maxBackoffMs: maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
  };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    fail('retry.attempts', 'must be a whole number of at least 1');
  }
  if (retry.backoffMs < 0 || retry.maxBackoffMs < 0) {
    fail('retry', 'waits cannot be negative');
  }
  return retry;
}

function readAudience(key: string, values: string[] | undefined): string[] {
  return (values ?? [OWNER_AUDIENCE]).map(value => {
    if (value === OWNER_AUDIENCE || value === APPROVERS_AUDIENCE) return value;
    return (
      normalizePrincipalRef(value) ??
      fail(
        key,
        `"${value}" is neither owner, approvers nor a user or group ref`,
      )
    );
  });
}

function readGroups(key: string, values: string[] | undefined) {
  return values?.map(value => {
    const ref = normalizePrincipalRef(value);
    if (!ref?.startsWith('group:')) fail(key, `"${value}" is not a group ref`);
    return ref;
  });
}

function readEnvironmentFilter(
  key: string,
  values: string[] | undefined,
  known: readonly string[],
): string[] | undefined {
  if (values && known.length > 0) return oneOf(key, values, known);
  return values;
}

function readRouteEmails(key: string, values: string[] | undefined) {
  for (const value of values ?? []) {
    if (!isEmailAddress(value)) fail(key, `"${value}" is not an email address`);
  }
  return values ?? [];
}

function readRoute(
  config: Config,
  at: string,
  environments: readonly string[],
): NotificationRoute {
  const events =
    oneOf<NotificationEvent>(
      `${at}.events`,
      config.getOptionalStringArray('events'),
      NOTIFICATION_EVENTS,
    ) ?? NOTIFICATION_EVENTS;
  const channels = oneOf<NotificationChannel>(
    `${at}.channels`,
    config.getOptionalStringArray('channels'),
    NOTIFICATION_CHANNELS,
  ) ?? ['inApp'];
  const envs = readEnvironmentFilter(
    `${at}.environments`,
    config.getOptionalStringArray('environments'),
    environments,
  );
  const ownerGroups = readGroups(
    `${at}.ownerGroups`,
    config.getOptionalStringArray('ownerGroups'),
  );
  const slackChannel = config.getOptionalString('slackChannel');
  return {
    events,
    ...(envs ? { environments: envs } : {}),
    ...(ownerGroups ? { ownerGroups } : {}),
    notify: readAudience(
      `${at}.notify`,
      config.getOptionalStringArray('notify'),
    ),
    emails: readRouteEmails(
      `${at}.emails`,
      config.getOptionalStringArray('emails'),
    ),
    channels,
    ...(slackChannel ? { slackChannel } : {}),
  };
}

/** Every channel a route uses must be set up; Slack needs a channel to post to. */
function checkRouteChannels(
  routes: readonly NotificationRoute[],
  settings: Pick<NotificationSettings, 'email' | 'slack'>,
  logger: LoggerService,
): void {
  routes.forEach((route, i) => {
    const at = `routes[${i}]`;
    if (route.channels.includes('email') && !settings.email) {
      fail(`${at}.channels`, 'uses email, but notifications.email is not set');
    }
    if (!route.channels.includes('slack')) return;
    const slack = settings.slack;
    if (!slack) {
      fail(`${at}.channels`, 'uses slack, but notifications.slack is not set');
    }
    if (slack.mode === 'api' && !route.slackChannel && !slack.defaultChannel) {
      fail(
        at,
        'posts to Slack but names no slackChannel (and no slack.defaultChannel is set)',
      );
    }
    if (slack.mode === 'webhook' && route.slackChannel) {
      logger.warn(
        `${KEY}.${at}.slackChannel is ignored: an incoming webhook always posts to its own channel (use a bot token to choose channels)`,
      );
    }
  });
}

function readApprovers(config: Config): string[] {
  return (config.getOptionalStringArray('tfpilot.rbac.roles.approver') ?? [])
    .map(ref => normalizePrincipalRef(ref))
    .filter((ref): ref is string => ref !== undefined);
}

function readAppBaseUrl(config: Config): string | undefined {
  return config.getOptionalString('app.baseUrl')?.replace(/\/+$/, '');
}

function warnAboutGaps(settings: NotificationSettings, logger: LoggerService) {
  const usesApprovers = settings.routes.some(r =>
    r.notify.includes(APPROVERS_AUDIENCE),
  );
  if (settings.enabled && usesApprovers && settings.approvers.length === 0) {
    logger.warn(
      `${KEY}: routes notify the approvers, but tfpilot.rbac.roles.approver lists nobody`,
    );
  }
  const external = settings.routes.some(r =>
    r.channels.some(c => c !== 'inApp'),
  );
  if (external && !settings.appBaseUrl) {
    logger.warn(
      `${KEY}: app.baseUrl is not set; email and Slack messages will carry paths instead of links`,
    );
  }
}

/**
 * Reads `tfpilot.notifications` (and the approver role and `app.baseUrl` it
 * relies on). Throws at start-up, naming the field, on anything it cannot use.
 */
export function readNotificationSettings(
  config: Config,
  options: { environments: readonly string[]; logger: LoggerService },
): NotificationSettings {
  const root = config.getOptionalConfig(KEY);
  const email = readEmail(root?.getOptionalConfig('email'));
  const slack = readSlack(root?.getOptionalConfig('slack'));
  const configured = (root?.getOptionalConfigArray('routes') ?? []).map(
    (route, i) => readRoute(route, `routes[${i}]`, options.environments),
  );
  checkRouteChannels(configured, { email, slack }, options.logger);
  const withDefaults = root?.getOptionalBoolean('defaultRoutes') ?? true;
  const appBaseUrl = readAppBaseUrl(config);
  const settings: NotificationSettings = {
    enabled: root?.getOptionalBoolean('enabled') ?? true,
    routes: withDefaults ? [...DEFAULT_ROUTES, ...configured] : configured,
    approvers: readApprovers(config),
    ...(email ? { email } : {}),
    ...(slack ? { slack } : {}),
    retry: readRetry(root?.getOptionalConfig('retry')),
    ...(appBaseUrl ? { appBaseUrl } : {}),
  };
  warnAboutGaps(settings, options.logger);
  return settings;
}
