import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  makeRequest,
  metricsFixture,
  mockTfpilotApi,
} from '../../__testUtils__';
import { tfpilotApiRef } from '../../api/TfpilotApi';
import { rootRouteRef } from '../../routes';
import { TfpilotPage } from './TfpilotPage';

const request = makeRequest({ status: 'applied' });

/** The page as a legacy app mounts it: `<Route path="/tfpilot" element={<TfpilotPage />} />`. */
function renderLegacy(path: string) {
  const api = mockTfpilotApi({
    listRequests: jest.fn(async () => ({ items: [request] })),
    getRequest: jest.fn(async () => request),
    listEvents: jest.fn(async () => ({ items: [request.event] })),
    getMetrics: jest.fn(async () => metricsFixture()),
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [tfpilotApiRef, api],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.ALLOW)],
      ]}
    >
      <Routes>
        <Route path="/tfpilot/*" element={<TfpilotPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/tfpilot': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

const slow = { timeout: 15_000 };

describe('TfpilotPage (legacy frontend system)', () => {
  jest.setTimeout(30_000);

  it('shows the requests at /tfpilot, with tabs for requests and metrics', async () => {
    await renderLegacy('/tfpilot');
    expect(
      await screen.findByRole('link', { name: 'object-bucket@1.2.0' }, slow),
    ).toHaveAttribute('href', `/tfpilot/requests/${request.id}`);
    expect(
      screen.getByRole('heading', { name: 'TfPilot' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Requests' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Metrics' })).toBeInTheDocument();
  });

  it('shows one request at /tfpilot/requests/:id', async () => {
    await renderLegacy(`/tfpilot/requests/${request.id}`);
    expect(
      await screen.findByRole('heading', { name: 'object-bucket@1.2.0' }, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '← All requests' }),
    ).toHaveAttribute('href', '/tfpilot/requests');
  });

  it('shows the metrics at /tfpilot/metrics', async () => {
    await renderLegacy('/tfpilot/metrics');
    expect(
      await screen.findByRole('img', { name: 'Requests by status' }, slow),
    ).toBeInTheDocument();
  });
});
