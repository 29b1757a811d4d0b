import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  moduleForm,
  ModuleInspection,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { inspectModule } from '@tfpilot/backstage-plugin-tfpilot-node';
import Ajv from 'ajv';
import { join } from 'node:path';
import {
  REPO_MODULES_DIR,
  REPO_TEMPLATES_DIR,
  runImmediately,
  TEMPLATE_OPTIONS,
  withoutUiOptions,
} from '../__testUtils__/trees';
import { LocalModuleSource } from '../provider/sources';
import { TfpilotModuleProvider } from '../provider/TfpilotModuleProvider';
import { readPresets } from './presets';

const KNOWN = new Map([['object-bucket', ['1.1.0', '1.0.0']]]);

const preset = (name: string, annotations: string) => `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${name}
  annotations:
${annotations}
spec:
  type: infrastructure
  owner: group:default/platform
  steps: []
`;

// The HCL parser starts in a worker: slow on a loaded 2-core CI machine.
jest.setTimeout(60_000);
describe('readPresets', () => {
  const dir = createMockDirectory();
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    dir.clear();
    jest.clearAllMocks();
  });

  it('publishes valid presets and skips the others with the reason', async () => {
    dir.setContent({
      'good.yaml': preset(
        'good',
        '    tfpilot/module: object-bucket\n    tfpilot/module-version: 1.0.0',
      ),
      'several.yml': [
        preset('unpinned', '    tfpilot/module: object-bucket'),
        preset('unknown-module', '    tfpilot/module: database'),
        preset(
          'unknown-version',
          '    tfpilot/module: object-bucket\n    tfpilot/module-version: 9.9.9',
        ),
      ].join('---\n'),
      'no-annotation.yaml': preset('plain', '    example.com/x: y'),
      'component.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: c }\n',
      'broken.yaml': 'kind: [unclosed',
      'notes.md': 'not a template',
    });

    const presets = await readPresets(
      { path: dir.path, configured: true },
      KNOWN,
      logger,
    );

    expect(presets.map(p => p.entity.metadata.name)).toEqual([
      'good',
      'unpinned',
    ]);
    expect(presets[0].entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `file:${dir.resolve('good.yaml')}`,
      'backstage.io/managed-by-origin-location': `file:${dir.resolve(
        'good.yaml',
      )}`,
      'tfpilot/module': 'object-bucket',
    });
    const warnings = logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings).toEqual([
      expect.stringMatching(/broken\.yaml: not valid YAML/),
      expect.stringMatching(
        /component\.yaml: not a scaffolder\.backstage\.io\/v1beta3 Template$/,
      ),
      expect.stringMatching(
        /no-annotation\.yaml: the tfpilot\/module annotation is missing$/,
      ),
      expect.stringMatching(
        /several\.yml \(document 2\): module database is not published$/,
      ),
      expect.stringMatching(
        /several\.yml \(document 3\): module object-bucket has no published version 9\.9\.9$/,
      ),
    ]);
  });

  it('warns about a configured directory that does not exist', async () => {
    expect(
      await readPresets(
        { path: dir.resolve('missing'), configured: true },
        KNOWN,
        logger,
      ),
    ).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/templates directory .*missing does not exist/),
    );
  });

  it('keeps a generated template when a preset takes its name', async () => {
    dir.setContent({
      'templates/clash.yaml': preset(
        'object-bucket',
        '    tfpilot/module: object-bucket',
      ),
    });
    const provider = new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path: REPO_MODULES_DIR, configured: true },
          logger,
        }),
      ],
      templatesDir: { path: dir.resolve('templates'), configured: true },
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });

    const entities = await provider.read();

    const templates = entities.filter(
      e =>
        e.entity.kind === 'Template' &&
        e.entity.metadata.name === 'object-bucket',
    );
    expect(templates).toHaveLength(1);
    expect(templates[0].entity.metadata.annotations).toMatchObject({
      'tfpilot/module-version': expect.any(String),
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /clash\.yaml: another Template is named object-bucket$/,
      ),
    );
  });
});

describe('the presets of the repository', () => {
  const logger = mockServices.logger.mock();
  const ajv = new Ajv({ strict: true, allErrors: true });
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);
  let presets: Entity[];

  beforeAll(async () => {
    const provider = new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: { path: REPO_MODULES_DIR, configured: true },
          logger,
        }),
      ],
      templatesDir: { path: REPO_TEMPLATES_DIR, configured: true },
      templates: TEMPLATE_OPTIONS,
      logger,
      taskRunner: runImmediately,
    });
    const entities = await provider.read();
    presets = entities
      .map(e => e.entity)
      .filter(e =>
        e.metadata.annotations?.[
          'backstage.io/managed-by-location'
        ]?.startsWith(`file:${REPO_TEMPLATES_DIR}`),
      );
  });

  it('are all published, valid Templates', async () => {
    expect(logger.warn).not.toHaveBeenCalled();
    expect(presets.map(p => p.metadata.name).sort()).toEqual([
      'private-artifacts-bucket',
      'sandbox-bucket',
    ]);
    for (const entity of presets) {
      await expect(policy.enforce(entity)).resolves.toMatchObject(entity);
      await expect(templateEntityV1beta3Validator.check(entity)).resolves.toBe(
        true,
      );
      for (const page of entity.spec?.parameters as object[]) {
        expect(typeof ajv.compile(withoutUiOptions(page) as object)).toBe(
          'function',
        );
      }
    }
  });

  it('call their module with its variables, every required one set, fixed values valid', async () => {
    const modules = new Map<string, ModuleInspection>();
    for (const entity of presets) {
      const module = entity.metadata.annotations?.['tfpilot/module'] ?? '';
      if (!modules.has(module)) {
        modules.set(
          module,
          await inspectModule(join(REPO_MODULES_DIR, module)),
        );
      }
      const inspection = modules.get(module)!;
      const [create] = entity.spec?.steps as Array<{
        action: string;
        input: {
          module: string;
          version: string;
          inputs: Record<string, unknown>;
        };
      }>;
      expect(create.action).toBe('tfpilot:request:create');
      expect(create.input.module).toBe(module);
      expect(create.input.version).toBe(
        entity.metadata.annotations?.['tfpilot/module-version'],
      );
      const names = inspection.variables.map(v => v.name);
      expect(names).toEqual(
        expect.arrayContaining(Object.keys(create.input.inputs)),
      );
      const required = inspection.variables
        .filter(v => v.required)
        .map(v => v.name);
      expect(Object.keys(create.input.inputs)).toEqual(
        expect.arrayContaining(required),
      );

      const form = moduleForm(inspection);
      for (const [name, value] of Object.entries(create.input.inputs)) {
        if (JSON.stringify(value).includes('${{')) continue;
        const validate = ajv.compile(form.schema.properties[name]);
        expect({
          name,
          valid: validate(value),
          errors: validate.errors,
        }).toEqual({
          name,
          valid: true,
          errors: null,
        });
      }
    }
  });
});
