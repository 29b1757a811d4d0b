import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { TfpilotApi, tfpilotApiRef } from '../api/TfpilotApi';
import { RequestSignal } from '../hooks/useRequestSignal';
import { rootRouteRef } from '../routes';

/** A signal API the test drives: `emit` delivers a message to every subscriber. */
export function fakeSignals() {
  const listeners = new Map<string, Set<(message: RequestSignal) => void>>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: RequestSignal) => void) {
        const set = listeners.get(channel) ?? new Set();
        set.add(onMessage);
        listeners.set(channel, set);
        return { unsubscribe: () => set.delete(onMessage) };
      },
    },
    emit(channel: string, message: RequestSignal) {
      listeners.get(channel)?.forEach(listener => listener(message));
    },
  };
}

/** Allows the permissions named, denies the rest. */
export function allowOnly(...names: string[]): TestPermissionApi {
  return mockApis.permission({
    authorize: request =>
      names.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
}

type TestPermissionApi = ReturnType<typeof mockApis.permission>;

export interface RenderOptions {
  api: TfpilotApi;
  permission?: TestPermissionApi;
  signals?: ReturnType<typeof fakeSignals>;
  initialRouteEntries?: string[];
  mountPath?: string;
  userEntityRef?: string;
}

/**
 * Renders a TfPilot component in Backstage's test app (new frontend
 * system), with TfPilot's root route mounted at /tfpilot and the catalog's
 * entity route, as in an app.
 */
export function renderTfpilot(element: JSX.Element, options: RenderOptions) {
  const apis = [
    [tfpilotApiRef, options.api],
    options.permission ?? mockApis.permission(),
    mockApis.identity({
      userEntityRef: options.userEntityRef ?? 'user:default/jane',
    }),
    ...(options.signals ? [[signalApiRef, options.signals.api]] : []),
  ] as const;
  return renderInTestApp(element, {
    apis: apis as unknown as Parameters<typeof renderInTestApp>[1] extends
      | { apis?: infer A }
      | undefined
      ? A
      : never,
    mountedRoutes: {
      '/tfpilot': convertLegacyRouteRef(rootRouteRef),
      '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
    },
    initialRouteEntries: options.initialRouteEntries,
    mountPath: options.mountPath,
  });
}
