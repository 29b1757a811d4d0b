import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { tfpilotApiRef } from '../../../api/TfpilotApi';
import { rootRouteRef } from '../../../routes';
import { modulesRouteRef } from '../../modules/routes';
import { checkoutEntity, fakeTfpilotApi } from './requests';

/**
 * Renders an entity component as a legacy app would: the TfPilot API, an
 * allowing permission API, the entity, and TfPilot's pages mounted.
 */
export function renderForEntity(
  element: JSX.Element,
  options: { api: ReturnType<typeof fakeTfpilotApi>; entity?: Entity },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [tfpilotApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? checkoutEntity}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/tfpilot': rootRouteRef,
        '/tfpilot/modules': modulesRouteRef,
      },
    },
  );
}
