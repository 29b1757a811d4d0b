import {
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { TfpilotActionOptions } from '../actions/helpers';

type JsonObject = NonNullable<
  NonNullable<Parameters<typeof createMockActionContext>[0]>['input']
>;

/** The user on whose behalf the tests run actions. */
export const JANE = 'user:default/jane';
export const APP_BASE_URL = 'http://portal.test';
/** Where the msw-backed tests expect TfPilot. */
export const TFPILOT_URL = 'http://backstage.test/api/tfpilot';

/** Factory options pointing at `baseUrl` (by default the msw address). */
export function actionOptions(
  baseUrl: (pluginId: string) => string = pluginId =>
    `http://backstage.test/api/${pluginId}`,
): TfpilotActionOptions {
  const discovery: DiscoveryService = {
    getBaseUrl: async pluginId => baseUrl(pluginId),
    getExternalBaseUrl: async pluginId => baseUrl(pluginId),
  };
  return {
    discovery,
    auth: mockServices.auth(),
    config: mockServices.rootConfig({
      data: { app: { baseUrl: `${APP_BASE_URL}/` } },
    }),
  };
}

export interface TestContextOptions<TInput> {
  input: TInput;
  isDryRun?: boolean;
  signal?: AbortSignal;
  credentials?: BackstageCredentials;
  templateRef?: string;
  /**
   * The task's checkpoint state. Share one map between runs of the handler
   * to play a retried task: the scaffolder keeps successful checkpoints and
   * hands their value back instead of running them again.
   */
  checkpoints?: Map<string, unknown>;
}

/**
 * A context as the scaffolder builds it for a step: createMockActionContext
 * keeps only some fields, so the rest (dry run, signal, initiator,
 * checkpoints) is set here. The action argument only fixes the types.
 */
export function actionContext<
  TInput extends JsonObject,
  TOutput extends JsonObject,
>(
  _action: TemplateAction<TInput, TOutput>,
  options: TestContextOptions<TInput>,
) {
  const logger = mockServices.logger.mock();
  const checkpoints = options.checkpoints ?? new Map<string, unknown>();
  const credentials = options.credentials ?? mockCredentials.user(JANE);
  const base = createMockActionContext<TInput, TOutput>({
    input: options.input,
    logger,
    ...(options.templateRef
      ? {
          templateInfo: {
            entityRef: options.templateRef,
          },
        }
      : {}),
  });
  const output = jest.fn<void, [keyof TOutput, TOutput[keyof TOutput]]>();
  const context: ActionContext<TInput, TOutput> = {
    ...base,
    output,
    isDryRun: options.isDryRun,
    signal: options.signal,
    getInitiatorCredentials: async () => credentials,
    checkpoint: async ({ key, fn }) => {
      if (checkpoints.has(key)) {
        return checkpoints.get(key) as Awaited<ReturnType<typeof fn>>;
      }
      const value = await fn();
      checkpoints.set(key, value);
      return value;
    },
  };
  return {
    context,
    logger,
    checkpoints,
    /** Every output set so far, by name. */
    outputs: () => Object.fromEntries(output.mock.calls),
    /** Every line written to the task log, in order. */
    logLines: () =>
      (['info', 'warn', 'error'] as const)
        .flatMap(level =>
          logger[level].mock.calls.map(
            (call, i) =>
              [
                logger[level].mock.invocationCallOrder[i],
                String(call[0]),
              ] as const,
          ),
        )
        .sort(([a], [b]) => a - b)
        .map(([, line]) => line),
  };
}

/**
 * Checks step input the way the scaffolder does before it calls a handler:
 * against the JSON Schema made from the action's zod schema. Returns the
 * error messages, none when valid.
 */
export function schemaErrors(
  action: { schema?: { input?: object } },
  input: unknown,
): string[] {
  return validate(input, action.schema?.input ?? {}).errors.map(
    e => `${e.property} ${e.message}`,
  );
}
