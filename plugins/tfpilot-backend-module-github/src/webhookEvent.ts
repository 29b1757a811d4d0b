import { InputError } from '@backstage/errors';
import { readWorkflowRun, WorkflowRunInfo } from './workflowRun';

/** A verified delivery, reduced to what the executor acts on. */
export type WebhookEvent =
  | { kind: 'ping' }
  | { kind: 'workflow_run'; action: string; run: WorkflowRunInfo }
  | { kind: 'other'; event: string; action?: string };

/**
 * Parses the body of a delivery whose signature was already verified.
 * Throws InputError when the body is not what GitHub sends for its event.
 */
export function parseWebhookEvent(
  eventName: string | undefined,
  body: Buffer,
): WebhookEvent {
  if (!eventName) {
    throw new InputError('The delivery has no X-GitHub-Event header');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError(`The ${eventName} delivery is not JSON`);
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  ) {
    throw new InputError(`The ${eventName} delivery is not a JSON object`);
  }
  const action = Reflect.get(payload, 'action');
  if (eventName === 'ping') {
    return { kind: 'ping' };
  }
  if (eventName !== 'workflow_run') {
    return {
      kind: 'other',
      event: eventName,
      ...(typeof action === 'string' ? { action } : {}),
    };
  }
  if (typeof action !== 'string') {
    throw new InputError('The workflow_run delivery has no action');
  }
  const run = readWorkflowRun(Reflect.get(payload, 'workflow_run'));
  if ('problem' in run) {
    throw new InputError(`Malformed workflow_run delivery: ${run.problem}`);
  }
  if (!run.repository) {
    // The payload's repository names the run's repository too.
    const repository: unknown = Reflect.get(payload, 'repository');
    const fullName =
      typeof repository === 'object' && repository !== null
        ? Reflect.get(repository, 'full_name')
        : undefined;
    if (typeof fullName === 'string') {
      run.repository = fullName;
    }
  }
  return { kind: 'workflow_run', action, run };
}
