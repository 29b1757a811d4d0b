import { LoggerService } from '@backstage/backend-plugin-api';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';
import { CatalogDirectory } from './CatalogDirectory';
import { DeliveryChannel } from './channels/types';
import { DeliveryLedger } from './DeliveryLedger';
import { notificationEventOf } from './events';
import { renderRequestMessage, RequestMessage } from './message';
import { FailedAttempt, withRetry } from './retry';
import {
  audienceRefs,
  PlannedDelivery,
  routeMatchesOwner,
  routeMatchesRequest,
  slackRecipient,
  uniqueDeliveries,
} from './routing';
import {
  NotificationChannel,
  NotificationEvent,
  NotificationRoute,
  NotificationSettings,
} from './types';

/** Deliveries of one revision running at once (an SMTP server's patience). */
const CONCURRENCY = 4;
/** How long stopping the backend waits for deliveries under way. */
const SHUTDOWN_GRACE_MS = 5_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runLimited(
  tasks: (() => Promise<void>)[],
  limit: number,
): Promise<void> {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, worker),
  );
}

export interface RequestNotifierOptions {
  settings: NotificationSettings;
  channels: Partial<Record<NotificationChannel, DeliveryChannel>>;
  directory: CatalogDirectory;
  logger: LoggerService;
  ledger?: DeliveryLedger;
}

/**
 * Turns committed revisions into notifications: picks the event, the routes
 * that want it, the recipients (from the catalog), and delivers on each
 * channel with bounded retries. Runs beside the lifecycle: nothing here can
 * fail or delay a request, and every failure ends in the log.
 */
export class RequestNotifier {
  readonly #settings: NotificationSettings;
  readonly #channels: Partial<Record<NotificationChannel, DeliveryChannel>>;
  readonly #directory: CatalogDirectory;
  readonly #logger: LoggerService;
  readonly #ledger: DeliveryLedger;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stopping = new AbortController();

  constructor(options: RequestNotifierOptions) {
    this.#settings = options.settings;
    this.#channels = options.channels;
    this.#directory = options.directory;
    this.#logger = options.logger;
    this.#ledger = options.ledger ?? new DeliveryLedger();
  }

  /**
   * The revision listener. Resolves when every delivery of the revision has
   * succeeded or been given up; never rejects.
   */
  notify(record: TfRequest): Promise<void> {
    if (this.#stopping.signal.aborted || !this.#settings.enabled) {
      return Promise.resolve();
    }
    const work = this.#process(record).catch(error =>
      this.#logger.error(
        `Notifications for request ${record.id} revision ${
          record.revision
        } failed: ${describe(error)}`,
      ),
    );
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Waits for every delivery under way (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.#inFlight.size > 0) {
      await Promise.all([...this.#inFlight]);
    }
  }

  /** Stops retrying, gives deliveries under way a moment, closes connections. */
  async shutdown(): Promise<void> {
    this.#stopping.abort();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>(resolve => {
      timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
    });
    await Promise.race([this.flush(), grace]);
    clearTimeout(timer);
    for (const channel of Object.values(this.#channels)) {
      await channel?.close?.();
    }
  }

  async #process(record: TfRequest): Promise<void> {
    const event = notificationEventOf(record);
    if (!event) return;
    const routes = await this.#routesFor(event, record);
    if (routes.length === 0) return;
    const planned = uniqueDeliveries(
      (await Promise.all(routes.map(r => this.#plan(r, record)))).flat(),
    );
    const fresh = planned.filter(delivery =>
      this.#ledger.claim({
        requestId: record.id,
        revision: record.revision,
        ...delivery,
      }),
    );
    const message = renderRequestMessage(
      event,
      record,
      this.#settings.appBaseUrl,
    );
    await runLimited(
      fresh.map(delivery => () => this.#deliver(delivery, message)),
      CONCURRENCY,
    );
  }

  async #routesFor(
    event: NotificationEvent,
    record: TfRequest,
  ): Promise<NotificationRoute[]> {
    const candidates = this.#settings.routes.filter(route =>
      routeMatchesRequest(route, event, record),
    );
    if (!candidates.some(route => route.ownerGroups)) return candidates;
    const groups = await this.#lookUp(`the groups of ${record.owner}`, () =>
      this.#directory.groupsOf(record.owner),
    );
    // Unknown groups: routes limited to some groups are skipped, not guessed.
    return candidates.filter(route =>
      groups ? routeMatchesOwner(route, record, groups) : !route.ownerGroups,
    );
  }

  async #plan(
    route: NotificationRoute,
    record: TfRequest,
  ): Promise<PlannedDelivery[]> {
    const refs = audienceRefs(route, record, this.#settings.approvers);
    const deliveries: PlannedDelivery[] = [];
    if (route.channels.includes('inApp')) {
      deliveries.push(
        ...refs.map(ref => ({ channel: 'inApp' as const, recipient: ref })),
      );
    }
    if (route.channels.includes('email')) {
      const addresses = [...(await this.#emailsOf(refs)), ...route.emails];
      deliveries.push(
        ...addresses.map(a => ({ channel: 'email' as const, recipient: a })),
      );
    }
    const slack = route.channels.includes('slack')
      ? slackRecipient(route, this.#settings.slack)
      : undefined;
    if (slack) deliveries.push({ channel: 'slack', recipient: slack });
    return deliveries;
  }

  async #emailsOf(refs: string[]): Promise<string[]> {
    if (refs.length === 0) return [];
    const users = await this.#lookUp(`the people of ${refs.join(', ')}`, () =>
      this.#directory.users(refs),
    );
    const without = (users ?? []).filter(user => !user.email);
    if (without.length > 0) {
      this.#logger.info(
        `No email for ${without
          .map(u => u.ref)
          .join(', ')} (no spec.profile.email in the catalog)`,
      );
    }
    return (users ?? []).flatMap(user => (user.email ? [user.email] : []));
  }

  /** A catalog read, retried like a delivery; undefined when it keeps failing. */
  async #lookUp<T>(
    what: string,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await withRetry(read, {
        ...this.#settings.retry,
        signal: this.#stopping.signal,
      });
    } catch (error) {
      this.#logger.error(
        `Could not read ${what} from the catalog for notifications: ${describe(
          error,
        )}`,
      );
      return undefined;
    }
  }

  async #deliver(delivery: PlannedDelivery, message: RequestMessage) {
    const channel = this.#channels[delivery.channel];
    const what = `${message.event} of request ${message.requestId} revision ${message.revision} to ${delivery.recipient} (${delivery.channel})`;
    if (!channel) {
      this.#logger.error(`Cannot notify ${what}: the channel is not set up`);
      return;
    }
    try {
      await withRetry(() => channel.send(delivery.recipient, message), {
        ...this.#settings.retry,
        signal: this.#stopping.signal,
        onFailure: failure => this.#logAttempt(what, failure),
      });
      this.#logger.info(`Notified ${what}`);
    } catch (error) {
      this.#logger.error(`Gave up notifying ${what}: ${describe(error)}`);
    }
  }

  #logAttempt(what: string, failure: FailedAttempt) {
    if (failure.retryInMs === undefined) return;
    this.#logger.warn(
      `Notifying ${what} failed (attempt ${failure.attempt} of ${
        this.#settings.retry.attempts
      }), retrying in ${Math.round(failure.retryInMs)} ms: ${describe(
        failure.error,
      )}`,
    );
  }
}
