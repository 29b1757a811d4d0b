import { createRouteRef } from '@backstage/core-plugin-api';

/** Root of the TfPilot page (/tfpilot), shared by both frontend systems. */
export const rootRouteRef = createRouteRef({ id: 'tfpilot' });
