import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tfpilotApiRef } from '../api/TfpilotApi';
import {
  checkoutEntity,
  fakeTfpilotApi,
  makeDrift,
  makeRequest,
} from '../components/entity/__testUtils__/requests';
import objectBucket from '../components/modules/__fixtures__/object-bucket-1.0.0.json';
import {
  tfpilotCostCard,
  tfpilotDriftCard,
  tfpilotEntityContent,
  tfpilotModuleCard,
} from './entityExtensions';
import tfpilotPlugin from './plugin';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform' },
  spec: { type: 'team', children: [] },
};

const applied = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-01T10:00:00.000Z',
  cost: { total: 42 },
});

function apis() {
  return [
    [
      tfpilotApiRef,
      fakeTfpilotApi({
        requests: [applied],
        drift: [
          makeDrift(applied, 'drifted', [
            { address: 'aws_s3_bucket.this', actions: ['update'] },
          ]),
        ],
      }),
    ],
    mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
  ] as const;
}

describe('TfPilot entity extensions (new frontend system)', () => {
  it('registers every extension under the tfpilot plugin', () => {
    for (const id of [
      'entity-content:tfpilot/terraform',
      'entity-card:tfpilot/drift',
      'entity-card:tfpilot/cost',
      'entity-card:tfpilot/module',
      'sub-page:tfpilot/modules',
    ]) {
      expect(tfpilotPlugin.getExtension(id as never)).toBeDefined();
    }
  });

  it('shows the Terraform tab for module entities and request owners only', () => {
    const tester = createExtensionTester(tfpilotEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Terraform');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(objectBucket)).toBe(true);
    expect(filter?.(checkoutEntity)).toBe(true);
    expect(filter?.(group)).toBe(false);
  });

  it('renders the module page for a module entity', async () => {
    const tester = createExtensionTester(tfpilotEntityContent);
    await renderInTestApp(
      <EntityProvider entity={objectBucket}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis() },
    );
    expect(
      await screen.findByText(
        '5 variables, 3 required',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'Request this module' }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('/create/templates/default/object-bucket'),
    );
  }, 30_000);

  it('renders the drift card with "check now" for allowed users', async () => {
    const tester = createExtensionTester(tfpilotDriftCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(checkoutEntity)).toBe(true);
    expect(filter?.(objectBucket)).toBe(false);
    expect(filter?.(group)).toBe(false);

    const [api, permission] = apis();
    await renderInTestApp(
      <EntityProvider entity={checkoutEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [api, permission] },
    );
    expect(await screen.findByTestId('tfpilot-drift-state')).toHaveTextContent(
      'Drifted',
    );
    const button = screen.getByRole('button', { name: 'Check now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(api[1].checkDrift).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
    });
  });

  it('renders the cost card', async () => {
    const tester = createExtensionTester(tfpilotCostCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    await renderInTestApp(
      <EntityProvider entity={checkoutEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis() },
    );
    expect(await screen.findByTestId('tfpilot-cost-total')).toHaveTextContent(
      '$42.00',
    );
  });

  it('renders the module card on module entities only', async () => {
    const tester = createExtensionTester(tfpilotModuleCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(objectBucket)).toBe(true);
    expect(filter?.(checkoutEntity)).toBe(false);
    await renderInTestApp(
      <EntityProvider entity={objectBucket}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis() },
    );
    expect(
      await screen.findByRole('button', { name: 'Request this module' }),
    ).toBeVisible();
  });

  it('puts the cards on the overview of entities they apply to', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity }),
        tfpilotDriftCard,
        tfpilotCostCard,
        tfpilotModuleCard,
      ],
      apis: apis(),
    });
    expect(await screen.findByTestId('tfpilot-cost-total')).toBeVisible();
    expect(await screen.findByTestId('tfpilot-drift-state')).toBeVisible();
    expect(screen.queryByText('Terraform module')).not.toBeInTheDocument();
  });

  it('links an entity without requests to the module catalog, for it', async () => {
    renderTestApp({
      features: [tfpilotPlugin],
      extensions: [createTestEntityPage({ entity: checkoutEntity })],
      apis: [[tfpilotApiRef, fakeTfpilotApi({})], mockApis.permission()],
    });
    expect(
      await screen.findByRole(
        'button',
        { name: 'Request a module' },
        { timeout: 10_000 },
      ),
    ).toHaveAttribute(
      'href',
      '/tfpilot/modules?entityRef=component%3Adefault%2Fcheckout',
    );
  }, 30_000);

  it('mounts the module catalog at /tfpilot/modules', async () => {
    // Stands in for the catalog's entity page, so entity links resolve.
    const entityPage = PageBlueprint.make({
      name: 'test-entity',
      params: {
        path: '/catalog/:namespace/:kind/:name',
        routeRef: convertLegacyRouteRef(entityRouteRef),
        loader: async () => <div />,
      },
    });
    renderTestApp({
      features: [tfpilotPlugin],
      extensions: [entityPage],
      initialRouteEntries: ['/tfpilot/modules'],
      apis: [
        ...apis(),
        [
          catalogApiRef,
          catalogApiMock({ entities: [objectBucket, checkoutEntity] }),
        ],
      ],
    });
    expect(
      await screen.findByText('1 of 1 module', {}, { timeout: 10_000 }),
    ).toBeVisible();
    // A tab of TfPilot's page, beside Requests and Metrics.
    expect(screen.getByRole('tab', { name: 'Modules' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Details' })).toHaveAttribute(
      'href',
      '/catalog/default/component/object-bucket-1.0.0/terraform',
    );
  }, 30_000);
});
