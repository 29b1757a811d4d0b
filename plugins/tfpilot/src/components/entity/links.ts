import { RouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/**
 * `useRouteRef` that answers undefined instead of throwing when the app does
 * not mount the route (a legacy app that left a TfPilot page out). The hook
 * runs every inner hook before it throws, so the call order stays stable.
 */
export function useOptionalRouteRef(ref: RouteRef): (() => string) | undefined {
  try {
    return useRouteRef(ref);
  } catch {
    return undefined;
  }
}

/** Link to a request's page (`/tfpilot/requests/:id`), when TfPilot's page is mounted. */
export function useRequestLink(): ((id: string) => string) | undefined {
  const root = useOptionalRouteRef(rootRouteRef);
  if (!root) return undefined;
  return id => `${root()}/requests/${encodeURIComponent(id)}`;
}
