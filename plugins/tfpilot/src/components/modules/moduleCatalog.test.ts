import { Entity } from '@backstage/catalog-model';
import keyvault from './__fixtures__/keyvault-0.9.1.json';
import objectBucket from './__fixtures__/object-bucket-1.0.0.json';
import postgres from './__fixtures__/postgres-database-1.0.0.json';
import { filterModules, filterOptions, latestModules } from './moduleCatalog';

/** Another version of a fixture, as the catalog would publish it. */
function version(entity: Entity, v: string, latest: boolean): Entity {
  const copy: Entity = JSON.parse(JSON.stringify(entity));
  const module = String(copy.metadata.annotations?.['tfpilot/module']);
  copy.metadata.name = `${module}-${v}`;
  copy.metadata.title = String(copy.metadata.title).replace(/ [^ ]+$/, ` ${v}`);
  copy.metadata.annotations = {
    ...copy.metadata.annotations,
    'tfpilot/module-version': v,
  };
  if (!latest) delete copy.metadata.annotations['tfpilot/latest'];
  copy.spec = {
    ...copy.spec,
    tfpilot: { ...(copy.spec?.tfpilot as object), version: v, latest },
  };
  return copy;
}

describe('latestModules', () => {
  it('shows each module once, by its latest version, sorted by title', () => {
    const modules = latestModules([
      version(objectBucket, '0.9.0', false),
      objectBucket,
      version(objectBucket, '1.1.0-rc.1', false),
      keyvault,
      postgres,
    ]);
    expect(
      modules.map(m => [m.title, m.spec.version, m.versionCount, m.owner]),
    ).toEqual([
      ['keyvault', '0.9.1', 1, 'group:default/platform'],
      ['Object storage bucket', '1.0.0', 3, 'group:default/platform'],
      ['PostgreSQL database', '1.0.0', 1, 'group:default/platform'],
    ]);
    expect(modules[1].entityRef).toBe('component:default/object-bucket-1.0.0');
  });

  it('picks the highest version when none is marked latest', () => {
    const [module] = latestModules([
      version(objectBucket, '1.2.0', false),
      version(objectBucket, '1.10.0', false),
      version(objectBucket, '1.9.0', false),
    ]);
    expect(module.spec.version).toBe('1.10.0');
  });
});

describe('filterModules', () => {
  const modules = latestModules([objectBucket, keyvault, postgres]);

  it('filters by provider, tag, owner and words', () => {
    const titles = (filters: Parameters<typeof filterModules>[1]) =>
      filterModules(modules, filters).map(m => m.title);
    expect(titles({})).toHaveLength(3);
    expect(titles({ provider: 'azurerm' })).toEqual(['keyvault']);
    expect(titles({ provider: 'aws', tag: 'storage' })).toEqual([
      'Object storage bucket',
    ]);
    expect(titles({ owner: 'group:default/platform' })).toHaveLength(3);
    expect(titles({ owner: 'group:default/other' })).toEqual([]);
    expect(titles({ text: 'POSTGRES rds' })).toEqual(['PostgreSQL database']);
    expect(titles({ text: 'encrypted bucket' })).toEqual([
      'Object storage bucket',
    ]);
  });

  it('offers the values present', () => {
    expect(filterOptions(modules)).toEqual({
      providers: ['aws', 'azapi', 'azurerm', 'modtm', 'random', 'time'],
      tags: expect.arrayContaining(['aws', 'storage', 'third-party']),
      owners: ['group:default/platform'],
    });
  });
});
