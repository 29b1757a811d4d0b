import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';

// Created with the legacy API and converted in place, so every ref below is
// one object that both frontend systems accept (`useRouteRef` of
// `@backstage/core-plugin-api` and of `@backstage/frontend-plugin-api`).

/** Root of the TfPilot page (/tfpilot), shared by both frontend systems. */
export const rootRouteRef = createRouteRef({ id: 'tfpilot' });

/** The list of requests (/tfpilot/requests); filters live in its query string. */
export const requestsRouteRef = createSubRouteRef({
  id: 'tfpilot/requests',
  parent: rootRouteRef,
  path: '/requests',
});

/** One request (/tfpilot/requests/:id). */
export const requestRouteRef = createSubRouteRef({
  id: 'tfpilot/request',
  parent: rootRouteRef,
  path: '/requests/:id',
});

/** The metrics dashboard (/tfpilot/metrics). */
export const metricsRouteRef = createSubRouteRef({
  id: 'tfpilot/metrics',
  parent: rootRouteRef,
  path: '/metrics',
});

convertLegacyRouteRef(rootRouteRef);
convertLegacyRouteRef(requestsRouteRef);
convertLegacyRouteRef(requestRouteRef);
convertLegacyRouteRef(metricsRouteRef);
