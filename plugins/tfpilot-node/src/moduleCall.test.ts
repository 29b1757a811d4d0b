import {
  moduleBlockName,
  renderMainTfJson,
  reservedInputNames,
  secretCandidates,
  sortKeysDeep,
} from './moduleCall';

describe('moduleCall', () => {
  it('sorts keys at every depth and keeps array order', () => {
    const sorted = sortKeysDeep({
      b: [{ z: 1, a: 2 }, 3],
      a: { d: null, c: 'x' },
    });
    expect(JSON.stringify(sorted)).toBe(
      '{"a":{"c":"x","d":null},"b":[{"a":2,"z":1},3]}',
    );
  });

  it('keeps a __proto__ input as data', () => {
    const inputs: Record<string, unknown> = JSON.parse('{"__proto__":{"x":1}}');
    expect(JSON.stringify(sortKeysDeep(inputs))).toBe('{"__proto__":{"x":1}}');
  });

  it('renders one module call with a trailing newline', () => {
    const text = renderMainTfJson({
      moduleName: 'object-bucket',
      moduleSource: '/modules/object-bucket',
      inputs: { tags: { b: '2', a: '1' }, name: 'x' },
    });
    expect(text).toBe(
      '{\n  "module": {\n    "object_bucket": {\n      "name": "x",\n' +
        '      "source": "/modules/object-bucket",\n' +
        '      "tags": {\n        "a": "1",\n        "b": "2"\n      }\n    }\n  }\n}\n',
    );
    expect(moduleBlockName('a-b-c')).toBe('a_b_c');
  });

  it('names the inputs Terraform reserves', () => {
    expect(
      reservedInputNames({ version: 1, name: 'x', depends_on: [] }),
    ).toEqual(['depends_on', 'version']);
  });

  it('lists input strings to hide, longest first, with their JSON form', () => {
    expect(
      secretCandidates({
        a: 'abc',
        b: ['pa"ss"word'],
        c: { d: 'longer value' },
      }),
    ).toEqual(['pa\\"ss\\"word', 'longer value', 'pa"ss"word']);
  });
});

describe('renderMainTfJson with a registry version and a state backend', () => {
  const render = () =>
    renderMainTfJson({
      moduleName: 'object-bucket',
      moduleSource: 'app.terraform.io/acme/object-bucket/aws',
      moduleVersion: '1.2.0',
      inputs: { name: 'logs', tags: { team: 'a' } },
      backend: {
        type: 's3',
        config: {
          key: 'tfpilot/dev/x.tfstate',
          bucket: 'state',
          region: 'eu-west-1',
        },
      },
    });

  it('adds the version attribute and a terraform.backend block', () => {
    expect(JSON.parse(render())).toEqual({
      module: {
        object_bucket: {
          name: 'logs',
          source: 'app.terraform.io/acme/object-bucket/aws',
          tags: { team: 'a' },
          version: '1.2.0',
        },
      },
      terraform: {
        backend: {
          s3: {
            bucket: 'state',
            key: 'tfpilot/dev/x.tfstate',
            region: 'eu-west-1',
          },
        },
      },
    });
  });

  it('gives byte-identical output for the same request', () => {
    expect(render()).toBe(render());
    expect(render().endsWith('}\n')).toBe(true);
  });
});
