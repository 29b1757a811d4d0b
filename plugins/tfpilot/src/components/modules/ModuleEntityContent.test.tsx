import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { EntityTfpilotContent, EntityTfpilotModuleCard } from '../../entity';
import { fakeTfpilotApi } from '../entity/__testUtils__/requests';
import { renderForEntity } from '../entity/__testUtils__/render';
import keyvault from './__fixtures__/keyvault-0.9.1.json';
import objectBucket from './__fixtures__/object-bucket-1.0.0.json';
import { ModuleEntityContent, readmeLink } from './ModuleEntityContent';
import { createFromTemplateRouteRef } from './routes';

function withSpec(entity: Entity, tfpilot: Record<string, unknown>): Entity {
  return {
    ...entity,
    spec: {
      ...entity.spec,
      tfpilot: { ...(entity.spec?.tfpilot as object), ...tfpilot },
    },
  } as Entity;
}

function rowOf(name: string) {
  const cell = screen.getAllByText(name, { selector: 'td span' })[0];
  return cell.closest('tr') as HTMLElement;
}

describe('the module page of a real module entity', () => {
  it('shows inputs, outputs, versions and the request button', async () => {
    await renderForEntity(<EntityTfpilotContent />, {
      api: fakeTfpilotApi({}),
      entity: objectBucket,
    });

    expect(await screen.findByText('Terraform module')).toBeVisible();
    expect(
      screen.getByText(
        'A private, encrypted S3 bucket with versioning and enforced TLS.',
      ),
    ).toBeVisible();
    expect(screen.getByText('hashicorp/aws >= 5.0, < 7.0')).toBeVisible();
    expect(screen.getByText('>= 1.6.0')).toBeVisible();

    // Inputs: required ones first, then by name.
    expect(screen.getByText('5 variables, 3 required')).toBeVisible();
    const names = screen
      .getAllByText(/.+/, { selector: 'td:first-child span' })
      .map(cell => cell.textContent);
    expect(names.slice(0, 5)).toEqual([
      'environment',
      'name',
      'tags',
      'noncurrent_version_expiration_days',
      'versioning',
    ]);
    const tags = within(rowOf('tags'));
    expect(tags.getByText('map(string)')).toBeVisible();
    expect(tags.getByText('—')).toBeVisible(); // no default
    expect(tags.getByText('yes')).toBeVisible(); // required
    expect(
      tags.getByText(
        /Tags for every resource; must include owner and cost-center/,
      ),
    ).toBeVisible();
    const days = within(rowOf('noncurrent_version_expiration_days'));
    expect(days.getByText('number')).toBeVisible();
    expect(days.getByText('90')).toBeVisible();
    expect(within(rowOf('versioning')).getByText('true')).toBeVisible();
    expect(
      within(rowOf('name')).getByText(
        /Must hold: name must be 3-63 characters/,
      ),
    ).toBeVisible();

    // Outputs.
    expect(screen.getByText('bucket_regional_domain_name')).toBeVisible();
    expect(
      screen.getByText('Regional domain name of the bucket.'),
    ).toBeVisible();

    // Versions and examples.
    expect(screen.getByText('1.0.0 (this page)')).toBeVisible();
    expect(screen.getByText('This module has no examples.')).toBeVisible();

    // README is not in the entity: say where it is.
    expect(
      screen.getByRole('link', { name: /the module's source/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/tfpilot/tfpilot/tree/main/modules/object-bucket',
    );

    // "Request this module" opens the generated template with the version set.
    expect(
      screen.getByRole('button', { name: 'Request this module' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/object-bucket?formData=${encodeURIComponent(
        JSON.stringify({ version: '1.0.0' }),
      )}`,
    );
  }, 30_000);

  it('renders the README, sensitive inputs, examples and other versions', async () => {
    const entity = withSpec(keyvault, {
      versions: ['0.10.0', '0.9.1', '0.9.0'],
      latest: false,
      readme:
        '# Key Vault\n\nSee [the example](examples/default) and [docs](https://learn.microsoft.com/azure/key-vault/).\n\n[bad](javascript:alert(1))',
    });
    delete (entity.spec?.tfpilot as { template?: string }).template;
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ModuleEntityContent entity={entity} />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(screen.getByRole('heading', { name: 'Key Vault' })).toBeVisible();
    expect(screen.getByRole('link', { name: /the example/ })).toHaveAttribute(
      'href',
      'https://github.com/example/terraform-azurerm-avm-res-keyvault-vault/tree/main/examples/default',
    );
    expect(
      screen.getByText('bad').closest('a')?.getAttribute('href') ?? '',
    ).toBe('');
    expect(screen.getByText('30 variables, 4 required')).toBeVisible();
    // Paged at 25 rows, searchable.
    expect(screen.getByPlaceholderText('Filter')).toBeVisible();
    expect(
      within(rowOf('secrets_value')).getAllByText('yes').length,
    ).toBeGreaterThan(0);
    expect(
      within(rowOf('secrets_value')).getByText('(sensitive)'),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: /^default/ })).toHaveAttribute(
      'href',
      'https://github.com/example/terraform-azurerm-avm-res-keyvault-vault/tree/main/examples/default',
    );
    expect(screen.getByText('0.10.0').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/keyvault-0.10.0',
    );
    expect(screen.getByText('0.9.1 (this page)')).toBeVisible();
    // Not offered by the template: disabled, with the reason.
    expect(
      screen.getByRole('button', { name: 'Request this module' }),
    ).toBeDisabled();
    expect(
      screen.getByText(
        /Version 0.9.1 takes other inputs than the latest \(0.10.0\)/,
      ),
    ).toBeVisible();
  });

  it('uses the scaffolder route the app binds', async () => {
    await renderInTestApp(
      <EntityProvider entity={objectBucket}>
        <EntityTfpilotModuleCard />
      </EntityProvider>,
      {
        mountedRoutes: {
          '/self-service/templates/:namespace/:templateName':
            createFromTemplateRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole(
        'button',
        { name: 'Request this module' },
        { timeout: 10_000 },
      ),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^\/self-service\/templates\/default\/object-bucket\?formData=/,
      ),
    );
  }, 20_000);
});

describe('readmeLink', () => {
  const base = 'https://github.com/acme/platform/tree/main/modules/vpc';
  it('resolves relative links against the module folder and drops unsafe ones', () => {
    expect(readmeLink('examples/a', base)).toBe(`${base}/examples/a`);
    expect(readmeLink('../other', base)).toBe(
      'https://github.com/acme/platform/tree/main/modules/other',
    );
    expect(readmeLink('#inputs', base)).toBe('#inputs');
    expect(readmeLink('https://x.test/a', base)).toBe('https://x.test/a');
    expect(readmeLink('mailto:a@b.c', base)).toBe('mailto:a@b.c');
    // eslint-disable-next-line no-script-url
    expect(readmeLink('javascript:alert(1)', base)).toBe('');
    expect(readmeLink('data:text/html,x', base)).toBe('');
    expect(readmeLink('examples/a')).toBe('');
    expect(readmeLink('', base)).toBe('');
  });
});
