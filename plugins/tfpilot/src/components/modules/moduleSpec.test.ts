import { Entity } from '@backstage/catalog-model';
import keyvault from './__fixtures__/keyvault-0.9.1.json';
import objectBucket from './__fixtures__/object-bucket-1.0.0.json';
import {
  compareVersions,
  isTfpilotModuleEntity,
  moduleVersionEntityRef,
  readModuleSpec,
  templateRouteParams,
} from './moduleSpec';

describe('readModuleSpec', () => {
  it('reads a module entity published by the catalog module', () => {
    const entity: Entity = objectBucket;
    expect(isTfpilotModuleEntity(entity)).toBe(true);
    const spec = readModuleSpec(entity);
    expect(spec).toMatchObject({
      module: 'object-bucket',
      version: '1.0.0',
      latest: true,
      versions: ['1.0.0'],
      environments: ['dev', 'stage', 'prod'],
      requiredVersion: '>= 1.6.0',
      providers: [
        {
          name: 'aws',
          source: 'hashicorp/aws',
          versionConstraint: '>= 5.0, < 7.0',
        },
      ],
      template: 'template:default/object-bucket',
    });
    expect(spec.inputs.map(i => [i.name, i.required])).toEqual([
      ['environment', true],
      ['name', true],
      ['noncurrent_version_expiration_days', false],
      ['tags', true],
      ['versioning', false],
    ]);
    expect(spec.outputs.map(o => o.name)).toEqual([
      'bucket_arn',
      'bucket_name',
      'bucket_regional_domain_name',
    ]);
  });

  it('reads sensitive inputs, examples and several providers', () => {
    const spec = readModuleSpec(keyvault);
    expect(spec.providers.map(p => p.name)).toEqual([
      'azapi',
      'azurerm',
      'modtm',
      'random',
      'time',
    ]);
    expect(spec.inputs.filter(i => i.sensitive).map(i => i.name)).toEqual([
      'secrets_value',
      'secrets_value_wo',
    ]);
    expect(spec.examples).toEqual([
      expect.objectContaining({ name: 'default', path: 'examples/default' }),
    ]);
  });

  it('falls back to annotations for an entity without spec.tfpilot', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'vpc-2.0.0',
        annotations: {
          'tfpilot/module': 'vpc',
          'tfpilot/module-version': '2.0.0',
          'tfpilot/latest': 'true',
        },
      },
      spec: {
        type: 'terraform-module',
        tfpilot: { inputs: [{ name: 7 }, { name: 'cidr' }] },
      },
    };
    expect(readModuleSpec(entity)).toMatchObject({
      module: 'vpc',
      version: '2.0.0',
      latest: true,
      versions: ['2.0.0'],
      inputs: [
        expect.objectContaining({
          name: 'cidr',
          required: true,
          typeSpec: null,
        }),
      ],
      outputs: [],
      providers: [],
    });
  });

  it('tells module entities from other components', () => {
    expect(
      isTfpilotModuleEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout' },
        spec: { type: 'service' },
      }),
    ).toBe(false);
    // The type alone is not enough: TfPilot's entities carry the annotation.
    expect(
      isTfpilotModuleEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'vpc' },
        spec: { type: 'terraform-module' },
      }),
    ).toBe(false);
  });
});

describe('helpers', () => {
  it('links versions and templates', () => {
    expect(moduleVersionEntityRef(objectBucket, 'object-bucket', '0.9.0')).toBe(
      'component:default/object-bucket-0.9.0',
    );
    expect(templateRouteParams('template:default/object-bucket')).toEqual({
      namespace: 'default',
      templateName: 'object-bucket',
    });
    expect(templateRouteParams('object-bucket')).toEqual({
      namespace: 'default',
      templateName: 'object-bucket',
    });
    expect(templateRouteParams('component:default/x')).toBeUndefined();
    expect(templateRouteParams('template:')).toBeUndefined();
  });

  it('orders versions by semantic-version precedence', () => {
    const versions = [
      '1.10.0',
      '1.2.0',
      '2.0.0-rc.1',
      '2.0.0',
      '2.0.0-rc.10',
      '2.0.0-beta',
      'main',
    ];
    expect([...versions].sort(compareVersions)).toEqual([
      'main',
      '1.2.0',
      '1.10.0',
      '2.0.0-beta',
      '2.0.0-rc.1',
      '2.0.0-rc.10',
      '2.0.0',
    ]);
  });
});
