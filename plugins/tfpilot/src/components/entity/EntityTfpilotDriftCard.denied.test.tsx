// Its own file: usePermission caches decisions (SWR) for the whole module
// registry, so a denial must not share one with the allowed cases.
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { tfpilotApiRef } from '../../api/TfpilotApi';
import { EntityTfpilotDriftCard } from '../../entity';
import { rootRouteRef } from '../../routes';
import {
  checkoutEntity,
  fakeTfpilotApi,
  makeDrift,
  makeRequest,
} from './__testUtils__/requests';

it('disables "check now" and says why for people without tfpilot.drift.check', async () => {
  const request = makeRequest({
    status: 'applied',
    updatedAt: '2024-05-01T10:00:00.000Z',
  });
  const api = fakeTfpilotApi({ drift: [makeDrift(request, 'in_sync')] });
  const authorize = jest.fn((): AuthorizeResult.DENY => AuthorizeResult.DENY);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [tfpilotApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <EntityProvider entity={checkoutEntity}>
        <EntityTfpilotDriftCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/tfpilot': rootRouteRef } },
  );

  expect(
    await screen.findByText(/needs the tfpilot.drift.check permission/),
  ).toBeVisible();
  expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled();
  expect(authorize).toHaveBeenCalledWith(
    expect.objectContaining({
      permission: expect.objectContaining({ name: 'tfpilot.drift.check' }),
    }),
  );
  expect(api.checkDrift).not.toHaveBeenCalled();
});
