import { ExecutorRunInput } from '@tfpilot/backstage-plugin-tfpilot-node';
import { DEFAULT_MODULE_SOURCE } from './config';
import { moduleSourceFor, requestMainTf, stateBackendFor } from './mainTf';

const ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';
const SOURCE = DEFAULT_MODULE_SOURCE.replace('{host}', 'github.com')
  .replace('{owner}', 'acme')
  .replace('{repo}', 'infra-live');

function input(inputs: Record<string, unknown>): ExecutorRunInput {
  return {
    requestId: ID,
    revision: 1,
    environment: 'dev',
    module: { name: 's3-bucket', version: '1.4.0' },
    inputs,
    runs: [],
  };
}

describe('requestMainTf', () => {
  it('gives the same bytes for the same request, whatever the key order', () => {
    const a = requestMainTf(
      { moduleSource: SOURCE },
      input({
        name: 'logs',
        tags: { team: 'a', env: 'dev' },
        versioning: true,
      }),
    );
    const b = requestMainTf(
      { moduleSource: SOURCE },
      input({
        versioning: true,
        tags: { env: 'dev', team: 'a' },
        name: 'logs',
      }),
    );
    expect(Buffer.from(b)).toEqual(Buffer.from(a));
    expect(JSON.parse(a)).toEqual({
      module: {
        s3_bucket: {
          name: 'logs',
          source:
            'git::https://github.com/acme/infra-live.git//modules/s3-bucket?ref=s3-bucket/v1.4.0',
          tags: { env: 'dev', team: 'a' },
          versioning: true,
        },
      },
    });
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('adds the state backend of the request', () => {
    const text = requestMainTf(
      {
        moduleSource: SOURCE,
        stateBackend: {
          type: 's3',
          config: {
            bucket: 'acme-tfstate',
            key: 'tfpilot/{environment}/{module}/{requestId}.tfstate',
            encrypt: true,
          },
        },
      },
      input({}),
    );
    expect(JSON.parse(text).terraform).toEqual({
      backend: {
        s3: {
          bucket: 'acme-tfstate',
          encrypt: true,
          key: `tfpilot/dev/s3-bucket/${ID}.tfstate`,
        },
      },
    });
  });

  it('refuses inputs Terraform reserves', () => {
    expect(() =>
      requestMainTf(
        { moduleSource: SOURCE },
        input({ source: 'evil', count: 3, name: 'x' }),
      ),
    ).toThrow('Inputs "count", "source" cannot be used');
  });
});

describe('moduleSourceFor', () => {
  it('puts the version in a git ref', () => {
    expect(
      moduleSourceFor(
        'git::https://h/o/r.git//modules/{name}?ref={name}/v{version}',
        {
          name: 'vpc',
          version: '2.0.0',
        },
      ),
    ).toEqual({ source: 'git::https://h/o/r.git//modules/vpc?ref=vpc/v2.0.0' });
  });

  it('passes the version as an attribute to registry sources', () => {
    expect(
      moduleSourceFor('app.terraform.io/acme/{name}/aws', {
        name: 'vpc',
        version: '2.0.0',
      }),
    ).toEqual({ source: 'app.terraform.io/acme/vpc/aws', version: '2.0.0' });
  });
});

describe('stateBackendFor', () => {
  it('fills placeholders at any depth and leaves other values alone', () => {
    expect(
      stateBackendFor(
        {
          type: 'azurerm',
          config: {
            key: '{environment}/{requestId}',
            nested: { list: ['{module}', 3] },
            literal: '{not-a-placeholder}',
          },
        },
        {
          environment: 'prod',
          requestId: ID,
          module: { name: 'vpc', version: '1.0.0' },
        },
      ),
    ).toEqual({
      type: 'azurerm',
      config: {
        key: `prod/${ID}`,
        nested: { list: ['vpc', 3] },
        literal: '{not-a-placeholder}',
      },
    });
  });
});
