import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';

// Created with the legacy API and converted in place (as in ../../routes.ts),
// so each ref is one object both frontend systems accept.

/** The module catalog page (`/tfpilot/modules`). */
export const modulesRouteRef = createRouteRef({ id: 'tfpilot-modules' });

/**
 * The scaffolder's page of one template, where a module's generated Template
 * is filled in. Bound to `scaffolder.selectedTemplate` by default in the new
 * frontend system; legacy apps bind it in `bindRoutes` (else TfPilot links to
 * `/create/templates/:namespace/:templateName`).
 */
export const createFromTemplateRouteRef = createExternalRouteRef({
  id: 'tfpilot-create-from-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});

convertLegacyRouteRef(modulesRouteRef);
convertLegacyRouteRef(createFromTemplateRouteRef);
