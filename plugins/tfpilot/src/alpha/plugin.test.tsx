import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { makeRequest, metricsFixture, mockTfpilotApi } from '../__testUtils__';
import { tfpilotApiRef } from '../api/TfpilotApi';
import { TfpilotClient } from '../api/TfpilotClient';
import { rootRouteRef } from '../routes';
import tfpilotPlugin from './plugin';

// The plugin's own copies: they carry its namespace (`page:tfpilot`, ...).
const page = tfpilotPlugin.getExtension('page:tfpilot');
const requestsPage = tfpilotPlugin.getExtension('sub-page:tfpilot/requests');
const metricsPage = tfpilotPlugin.getExtension('sub-page:tfpilot/metrics');
const apiExtension = tfpilotPlugin.getExtension('api:tfpilot');
const slow = { timeout: 15_000 };

const request = makeRequest({ status: 'planned' });

function apis() {
  const api = mockTfpilotApi({
    listRequests: jest.fn(async () => ({ items: [request] })),
    getRequest: jest.fn(async () => request),
    listEvents: jest.fn(async () => ({ items: [request.event] })),
    getMetrics: jest.fn(async () => metricsFixture()),
  });
  return {
    api,
    list: [[tfpilotApiRef, api], mockApis.permission()] as const,
  };
}

const catalogRoutes = {
  '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
};

describe('TfPilot plugin (new frontend system)', () => {
  jest.setTimeout(30_000);

  it('opens the requests tab at /tfpilot, with a tab for metrics', async () => {
    const { list } = apis();
    renderTestApp({
      features: [tfpilotPlugin],
      initialRouteEntries: ['/tfpilot'],
      apis: list,
      mountedRoutes: catalogRoutes,
    });
    expect(
      await screen.findByRole('link', { name: 'object-bucket@1.2.0' }, slow),
    ).toHaveAttribute('href', `/tfpilot/requests/${request.id}`);
    expect(screen.getByRole('tab', { name: 'Requests' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Metrics' })).toBeInTheDocument();
  });

  it('shows one request at /tfpilot/requests/:id', async () => {
    const { list, api } = apis();
    renderTestApp({
      features: [tfpilotPlugin],
      initialRouteEntries: [`/tfpilot/requests/${request.id}`],
      apis: list,
      mountedRoutes: catalogRoutes,
    });
    expect(
      await screen.findByRole('heading', { name: 'object-bucket@1.2.0' }, slow),
    ).toBeInTheDocument();
    expect(api.getRequest).toHaveBeenCalledWith(request.id);
  });

  it('shows the metrics at /tfpilot/metrics', async () => {
    const { list } = apis();
    renderTestApp({
      features: [tfpilotPlugin],
      initialRouteEntries: ['/tfpilot/metrics'],
      apis: list,
      mountedRoutes: catalogRoutes,
    });
    expect(
      await screen.findByRole('img', { name: 'Requests by status' }, slow),
    ).toBeInTheDocument();
  });

  describe('extensions', () => {
    it('page:tfpilot is the page at /tfpilot with its tabs as inputs', () => {
      const tester = createExtensionTester(page)
        .add(requestsPage)
        .add(metricsPage);
      expect(tester.snapshot()).toMatchObject({
        id: 'page:tfpilot',
        children: {
          pages: expect.arrayContaining([
            expect.objectContaining({ id: 'sub-page:tfpilot/requests' }),
            expect.objectContaining({ id: 'sub-page:tfpilot/metrics' }),
          ]),
        },
      });
    });

    it('sub-page:tfpilot/requests lists requests and opens one', async () => {
      const { list } = apis();
      const tester = createExtensionTester(requestsPage, {
        apis: list,
      });
      renderInTestApp(tester.reactElement(), {
        apis: list,
        mountPath: '/tfpilot/requests/*',
        initialRouteEntries: ['/tfpilot/requests'],
        mountedRoutes: {
          '/tfpilot': convertLegacyRouteRef(rootRouteRef),
          ...catalogRoutes,
        },
      });
      expect(
        await screen.findByRole('link', { name: 'object-bucket@1.2.0' }, slow),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('region', { name: 'Filters' }),
      ).toBeInTheDocument();
    });

    it('sub-page:tfpilot/metrics shows the dashboard', async () => {
      const { list } = apis();
      const tester = createExtensionTester(metricsPage, { apis: list });
      renderInTestApp(tester.reactElement(), {
        apis: list,
        mountedRoutes: { '/tfpilot': convertLegacyRouteRef(rootRouteRef) },
      });
      expect(await screen.findByText('89.7 %', {}, slow)).toBeInTheDocument();
    });

    it('api:tfpilot provides the TfPilot client on the fetch API', () => {
      const factory = createExtensionTester(apiExtension).get(
        ApiBlueprint.dataRefs.factory,
      );
      expect(factory.api.id).toBe(tfpilotApiRef.id);
      const client = factory.factory({ fetchApi: { fetch } });
      expect(client).toBeInstanceOf(TfpilotClient);
    });
  });

  it('lists the page in the navigation as TfPilot', async () => {
    const { list } = apis();
    renderTestApp({
      features: [tfpilotPlugin],
      initialRouteEntries: ['/tfpilot/metrics'],
      apis: list,
      mountedRoutes: catalogRoutes,
    });
    const links = await screen.findAllByRole('link', { name: 'TfPilot' }, slow);
    expect(links.map(link => link.getAttribute('href'))).toContain('/tfpilot');
  });
});
