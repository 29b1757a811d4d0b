import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { TfRequest } from '@tfpilot/backstage-plugin-tfpilot-common';

/** The signal channel of request changes (`useSignal` in the frontend). */
export const REQUEST_SIGNAL_CHANNEL = 'tfpilot:request';

/**
 * What a request signal says: which request moved to which revision and
 * state. Nothing else: the page refetches the request with its viewer's own
 * permissions.
 */
export type RequestSignalMessage = {
  requestId: string;
  revision: number;
  status: TfRequest['status'];
};

export function requestSignalMessage(record: TfRequest): RequestSignalMessage {
  return {
    requestId: record.id,
    revision: record.revision,
    status: record.status,
  };
}

/**
 * A revision listener publishing one broadcast signal per revision. Broadcast
 * because whoever may read a request (owner, approvers, viewers, admins,
 * through roles, groups and conditions) is the permission policy's decision,
 * made again when the page refetches; the signal itself only carries an
 * opaque id, a number and a state.
 *
 * A failed publish is logged and dropped: a live update is a hint, and the
 * next revision or a reload brings the page up to date.
 */
export function createRequestSignalListener(options: {
  signals: SignalsService;
  logger: LoggerService;
}): (record: TfRequest) => Promise<void> {
  const { signals, logger } = options;
  return async record => {
    try {
      await signals.publish<RequestSignalMessage>({
        recipients: { type: 'broadcast' },
        channel: REQUEST_SIGNAL_CHANNEL,
        message: requestSignalMessage(record),
      });
    } catch (error) {
      logger.warn(
        `Could not publish the signal for request ${record.id} revision ${record.revision}: ${error}`,
      );
    }
  };
}
