import { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import keyvault from './__fixtures__/keyvault-0.9.1.json';
import objectBucket from './__fixtures__/object-bucket-1.0.0.json';
import postgres from './__fixtures__/postgres-database-1.0.0.json';
import { ModuleCatalogPage } from './ModuleCatalogPage';
import { modulesRouteRef } from './routes';

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
  spec: { type: 'service', owner: 'group:default/developers' },
};

function olderVersion(entity: Entity, version: string): Entity {
  const copy: Entity = JSON.parse(JSON.stringify(entity));
  copy.metadata.name = `object-bucket-${version}`;
  delete copy.metadata.annotations?.['tfpilot/latest'];
  copy.spec = {
    ...copy.spec,
    tfpilot: { ...(copy.spec?.tfpilot as object), version, latest: false },
  };
  return copy;
}

const routes = {
  mountedRoutes: {
    '/tfpilot/modules': modulesRouteRef,
    '/catalog/:namespace/:kind/:name': entityRouteRef,
  },
};

function cards() {
  return screen
    .getAllByTestId('tfpilot-module-card')
    .map(card => card.getAttribute('aria-label'));
}

describe('ModuleCatalogPage', () => {
  it('lists the latest version of every module, from the catalog', async () => {
    const catalogApi = catalogApiMock({
      entities: [
        olderVersion(objectBucket, '0.9.0'),
        objectBucket,
        keyvault,
        postgres,
        service,
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <ModuleCatalogPage />
      </TestApiProvider>,
      routes,
    );

    expect(
      await screen.findByText('3 of 3 modules', {}, { timeout: 10_000 }),
    ).toBeVisible();
    expect(cards()).toEqual([
      'keyvault',
      'Object storage bucket',
      'PostgreSQL database',
    ]);
    const bucket = within(
      screen.getByRole('article', { name: 'Object storage bucket' }),
    );
    expect(
      bucket.getByText(/object-bucket 1\.0\.0 · 2 versions · owned by/),
    ).toBeVisible();
    expect(
      bucket.getByText(
        'A private, encrypted S3 bucket with versioning and enforced TLS.',
      ),
    ).toBeVisible();
    expect(bucket.getByRole('button', { name: 'Details' })).toHaveAttribute(
      'href',
      '/catalog/default/component/object-bucket-1.0.0/terraform',
    );
    expect(bucket.getByRole('button', { name: 'Request' })).toHaveAttribute(
      'href',
      `/create/templates/default/object-bucket?formData=${encodeURIComponent(
        JSON.stringify({ version: '1.0.0' }),
      )}`,
    );
  }, 30_000);

  it('searches and filters by provider, tag and owner', async () => {
    const catalogApi = catalogApiMock({
      entities: [objectBucket, keyvault, postgres],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <ModuleCatalogPage />
      </TestApiProvider>,
      routes,
    );
    await screen.findByText('3 of 3 modules');

    await userEvent.click(screen.getByLabelText('Provider'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'azurerm' }),
    );
    expect(cards()).toEqual(['keyvault']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await userEvent.click(screen.getByLabelText('Tag'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'database' }),
    );
    expect(cards()).toEqual(['PostgreSQL database']);

    await userEvent.click(screen.getByLabelText('Owner'));
    expect(
      await screen.findByRole('option', { name: 'platform' }),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('option', { name: 'platform' }));
    expect(cards()).toEqual(['PostgreSQL database']);

    await userEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search modules' }),
      'storage',
    );
    expect(cards()).toEqual(['Object storage bucket']);
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search modules' }),
      ' nothing',
    );
    expect(screen.getByText('No module matches these filters')).toBeVisible();
  }, 30_000);

  it('fills in the entity it requests for', async () => {
    const catalogApi = catalogApiMock({ entities: [objectBucket] });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <ModuleCatalogPage />
      </TestApiProvider>,
      {
        ...routes,
        routeEntries: [
          '/tfpilot/modules?entityRef=component%3Adefault%2Fcheckout',
        ],
      },
    );
    expect(await screen.findByText(/Requesting for/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Request' })).toHaveAttribute(
      'href',
      `/create/templates/default/object-bucket?formData=${encodeURIComponent(
        JSON.stringify({
          version: '1.0.0',
          entityRef: 'component:default/checkout',
        }),
      )}`,
    );
  });

  it('explains an empty catalog and a failed one', async () => {
    const empty = catalogApiMock({ entities: [service] });
    const { unmount } = await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, empty]]}>
        <ModuleCatalogPage />
      </TestApiProvider>,
      routes,
    );
    expect(
      await screen.findByText('No Terraform modules in the catalog yet'),
    ).toBeVisible();
    expect(screen.getByText(/tfpilot.catalog.modulesDir/)).toBeVisible();
    unmount();

    const failing = catalogApiMock.mock({
      getEntities: jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog unavailable'))
        .mockResolvedValue({ items: [objectBucket] }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, failing]]}>
        <ModuleCatalogPage />
      </TestApiProvider>,
      routes,
    );
    expect(
      await screen.findByText(
        /Could not load the Terraform modules from the software catalog/,
      ),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(cards()).toEqual(['Object storage bucket']));
  });
});
