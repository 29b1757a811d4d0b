import type {
  ModuleInspection,
  ModuleVariable,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { createRequestBodySchema } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  inspectModule,
  stopHclParser,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { findToolchain, runTool, toolEnv, versionAtLeast } from './toolchain';

/**
 * The platform's own modules (`modules/` at the repository root): each is read
 * with the project's HCL reader and held to the platform conventions, its
 * tfpilot.yaml and README are checked, and, when Terraform or OpenTofu is on
 * PATH, the tool checks their formatting and runs their tests.
 */

const REPO_ROOT = resolve(__dirname, '../../..');
const MODULES_DIR = join(REPO_ROOT, 'modules');
const MODULES = readdirSync(MODULES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && !entry.name.startsWith('.'))
  .map(entry => entry.name)
  .sort();

const ENVIRONMENTS = ['dev', 'stage', 'prod'];
const NAME_PATTERN = '^[a-z][a-z0-9-]{2,62}$';
const COST_CENTER_PATTERN = '^cc-[0-9]{4}$';
const REQUIRED_FILES = [
  'main.tf',
  'variables.tf',
  'outputs.tf',
  'versions.tf',
  'README.md',
  'tfpilot.yaml',
];
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const CATALOG_TAG = /^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$/;
/** Functions and resources that make a plan depend on when or where it runs. */
const NON_DETERMINISTIC = [
  /\b(?:timestamp|plantimestamp|uuid|bcrypt)\s*\(/,
  /\brandom_[a-z_]+\b/,
  /"hashicorp\/random"/,
];
/** What `terraform init` and runs leave in a module directory. */
const LOCAL_STATE = [
  '.terraform',
  '.terraform.lock.hcl',
  'terraform.tfstate',
  'terraform.tfstate.backup',
];
/** Variables and outputs with such names carry secrets. */
const SECRET_NAME = /password|secret_value|token|private_key/;

afterAll(() => stopHclParser());

const inspections = new Map<string, Promise<ModuleInspection>>();
function inspect(module: string): Promise<ModuleInspection> {
  let inspection = inspections.get(module);
  if (!inspection) {
    inspection = inspectModule(join(MODULES_DIR, module));
    // Reported by the test that asks for it, not as an unhandled rejection.
    inspection.catch(() => undefined);
    inspections.set(module, inspection);
  }
  return inspection;
}

function variable(info: ModuleInspection, name: string): ModuleVariable {
  const found = info.variables.find(v => v.name === name);
  if (!found) throw new Error(`no variable "${name}"`);
  return found;
}

function conditions(v: ModuleVariable): string[] {
  return v.validations.map(rule => rule.condition);
}

function readText(module: string, file: string): string {
  return readFileSync(join(MODULES_DIR, module, file), 'utf8');
}

/** The module's `.tf` files with their comments removed. */
function terraformCode(module: string): string {
  const dir = join(MODULES_DIR, module);
  return readdirSync(dir)
    .filter(file => file.endsWith('.tf'))
    .map(file =>
      readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|\s)(#|\/\/).*$/gm, '$1'),
    )
    .join('\n');
}

type Metadata = Record<string, unknown>;

function readMetadata(module: string): Metadata {
  const doc: unknown = parseYaml(readText(module, 'tfpilot.yaml'));
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error('tfpilot.yaml is not a YAML mapping');
  }
  return doc as Metadata;
}

/** The groups of the demo organisation the catalog loads. */
function organisationGroups(): string[] {
  const text = readFileSync(join(REPO_ROOT, 'examples', 'org.yaml'), 'utf8');
  return parseAllDocuments(text)
    .map(doc => doc.toJS() as unknown)
    .filter(
      (entity): entity is { kind: string; metadata: { name: string } } =>
        typeof entity === 'object' &&
        entity !== null &&
        Reflect.get(entity, 'kind') === 'Group',
    )
    .map(entity => `group:default/${entity.metadata.name}`);
}

function fencedBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(fence)].map(match => match[1]);
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
    throw new Error(`not a list of strings: ${JSON.stringify(value)}`);
  }
  return value;
}

it('has at least six modules', () => {
  expect(MODULES.length).toBeGreaterThanOrEqual(6);
});

describe.each(MODULES)('module %s', module => {
  const dir = join(MODULES_DIR, module);

  it('has the standard files and a Terraform test', () => {
    const missing = [...REQUIRED_FILES, `tests/${module}.tftest.hcl`].filter(
      file => !existsSync(join(dir, file)),
    );
    expect(missing).toEqual([]);
  });

  it('is read by the HCL module reader without errors', async () => {
    const info = await inspect(module);
    expect(info.files).toEqual(
      expect.arrayContaining(['main.tf', 'outputs.tf', 'variables.tf']),
    );
    expect(info.readmeFile).toBe('README.md');
    expect(info.variables.length).toBeGreaterThan(0);
    expect(info.outputs.length).toBeGreaterThan(0);
  });

  it('pins Terraform and the AWS provider, and configures no provider', async () => {
    const info = await inspect(module);
    expect(info.requiredVersion).toBe('>= 1.6.0');
    expect(info.providers).toEqual([
      {
        name: 'aws',
        source: 'hashicorp/aws',
        versionConstraint: '>= 5.0, < 7.0',
        configurationAliases: [],
        configured: false,
      },
    ]);
  });

  it('describes and types every variable, in variables.tf', async () => {
    const info = await inspect(module);
    const problems = info.variables.flatMap(v => [
      ...(v.description?.trim() ? [] : [`${v.name}: no description`]),
      ...(v.type ? [] : [`${v.name}: no type`]),
      ...(v.file === 'variables.tf' ? [] : [`${v.name}: in ${v.file}`]),
      ...v.validations
        .filter(rule => !rule.errorMessage.trim())
        .map(() => `${v.name}: a validation without error message`),
    ]);
    expect(problems).toEqual([]);
  });

  it('validates each variable on its own value only (Terraform 1.6)', async () => {
    const info = await inspect(module);
    const problems = info.variables.flatMap(v =>
      conditions(v).flatMap(condition => {
        const others = [...condition.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)]
          .map(match => match[1])
          .filter(name => name !== v.name);
        return others.length > 0 ? [`${v.name}: uses var.${others[0]}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('marks secret variables and outputs sensitive', async () => {
    const info = await inspect(module);
    const exposed = [
      ...info.variables.filter(
        v => v.type === 'string' && SECRET_NAME.test(v.name) && !v.sensitive,
      ),
      ...info.outputs.filter(o => SECRET_NAME.test(o.name) && !o.sensitive),
    ].map(item => item.name);
    expect(exposed).toEqual([]);
  });

  it('follows the name convention', async () => {
    const name = variable(await inspect(module), 'name');
    expect(name).toMatchObject({
      type: 'string',
      required: true,
      nullable: false,
    });
    expect(conditions(name)).toContainEqual(
      expect.stringContaining(`regex("${NAME_PATTERN}", var.name)`),
    );
  });

  it('follows the environment convention', async () => {
    const environment = variable(await inspect(module), 'environment');
    expect(environment).toMatchObject({
      type: 'string',
      required: true,
      nullable: false,
    });
    const lists = conditions(environment).flatMap(condition => {
      const match = condition.match(
        /contains\(\s*\[([^\]]*)\]\s*,\s*var\.environment\s*\)/,
      );
      return match ? [match[1].split(',').map(s => JSON.parse(s.trim()))] : [];
    });
    expect(lists).toEqual([ENVIRONMENTS]);
  });

  it('follows the tags convention', async () => {
    const tags = variable(await inspect(module), 'tags');
    expect(tags).toMatchObject({
      type: 'map(string)',
      required: true,
      nullable: false,
    });
    const all = conditions(tags).join('\n');
    expect(all).toContain('"owner"');
    expect(all).toContain('"cost-center"');
    expect(all).toContain(`"${COST_CENTER_PATTERN}"`);
  });

  it('tags every resource with the platform tags', () => {
    const main = readText(module, 'main.tf');
    expect(main).toMatch(
      /tags\s*=\s*merge\(\s*var\.tags\s*,\s*\{\s*environment\s*=\s*var\.environment\s+managed-by\s*=\s*"tfpilot"\s*\}\s*\)/,
    );
    const assignments = [...main.matchAll(/^\s*tags\s*=\s*(.+)$/gm)].map(
      match => match[1].trim(),
    );
    expect(assignments.filter(value => value !== 'local.tags')).toEqual([
      'merge(var.tags, {',
    ]);
  });

  it('describes every output, in outputs.tf', async () => {
    const info = await inspect(module);
    const problems = info.outputs.flatMap(o => [
      ...(o.description?.trim() ? [] : [`${o.name}: no description`]),
      ...(o.file === 'outputs.tf' ? [] : [`${o.name}: in ${o.file}`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('is deterministic: no timestamps, uuids or random resources', () => {
    const code = terraformCode(module);
    expect(NON_DETERMINISTIC.filter(pattern => pattern.test(code))).toEqual([]);
  });

  it('has catalog metadata in tfpilot.yaml', () => {
    const metadata = readMetadata(module);
    expect(metadata.name).toBe(module);
    expect(metadata.version).toMatch(SEMVER);
    for (const field of ['title', 'description', 'owner', 'lifecycle']) {
      expect(typeof metadata[field]).toBe('string');
      expect(String(metadata[field]).trim()).not.toBe('');
    }
    expect(organisationGroups()).toContain(metadata.owner);
    expect(['experimental', 'production', 'deprecated']).toContain(
      metadata.lifecycle,
    );

    const environments = stringList(metadata.environments);
    expect(environments.length).toBeGreaterThan(0);
    expect(ENVIRONMENTS).toEqual(expect.arrayContaining(environments));
    expect(new Set(environments).size).toBe(environments.length);
    // Experimental modules are not offered for prod.
    expect({
      lifecycle: metadata.lifecycle,
      prod: environments.includes('prod'),
    }).not.toEqual({ lifecycle: 'experimental', prod: true });

    const tags = stringList(metadata.tags);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.filter(tag => !CATALOG_TAG.test(tag))).toEqual([]);
  });

  it('documents every input and output in its README', async () => {
    const info = await inspect(module);
    const readme = info.readme ?? '';
    const missing = [...info.variables, ...info.outputs]
      .map(item => item.name)
      .filter(name => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('shows a module call and a valid TfPilot request in its README', async () => {
    const info = await inspect(module);
    const readme = info.readme ?? '';
    const calls = fencedBlocks(readme, 'hcl').filter(block =>
      block.includes(`source = "./modules/${module}"`),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toMatch(/^module "[a-z_]+" \{/m);

    const requests = fencedBlocks(readme, 'json').map(
      block => JSON.parse(block) as unknown,
    );
    expect(requests.length).toBeGreaterThan(0);
    const metadata = readMetadata(module);
    const known = info.variables.map(v => v.name);
    const required = info.variables.filter(v => v.required).map(v => v.name);
    for (const raw of requests) {
      const body = createRequestBodySchema.parse(raw);
      expect(body.module).toEqual({ name: module, version: metadata.version });
      expect(stringList(metadata.environments)).toContain(body.environment);
      const inputs = body.inputs ?? {};
      expect(Object.keys(inputs).filter(key => !known.includes(key))).toEqual(
        [],
      );
      expect(required.filter(name => !(name in inputs))).toEqual([]);
      expect(inputs.environment).toBe(body.environment);
    }
  });
});

const { tool, version, pluginDir } = findToolchain();

function describeIf(condition: boolean, reason: string) {
  if (!condition) {
    // eslint-disable-next-line no-console
    console.warn(`skipping module tool checks: ${reason}`);
    return describe.skip;
  }
  return describe;
}

describeIf(tool !== undefined, 'neither terraform nor tofu is on PATH')(
  `${tool ?? 'terraform'} fmt`,
  () => {
    it('finds every module formatted', async () => {
      const result = await runTool(
        tool ?? 'terraform',
        ['fmt', '-check', '-recursive', '-diff', MODULES_DIR],
        REPO_ROOT,
      );
      expect(result).toMatchObject({ code: 0 });
    });
  },
);

const toolRunsTests =
  tool !== undefined &&
  version !== undefined &&
  pluginDir !== undefined &&
  versionAtLeast(version, '1.7.0');

function whyNoToolTests(): string {
  if (tool === undefined) return 'neither terraform nor tofu is on PATH';
  if (pluginDir === undefined) {
    return `no local mirror of hashicorp/aws for ${tool} (set TFPILOT_TF_PLUGIN_DIR to a -plugin-dir directory)`;
  }
  return `${tool} ${
    version ?? '(unknown version)'
  } cannot run tests with mocked providers (1.7 or later needed)`;
}

describeIf(toolRunsTests, whyNoToolTests())(
  `${tool ?? 'terraform'} test with a mocked AWS provider`,
  () => {
    let work = '';
    let env: NodeJS.ProcessEnv = {};
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'tfpilot-modules-'));
      // An empty CLI configuration: the plugin directory is the only source.
      const cliConfig = join(work, 'cli.tfrc');
      writeFileSync(cliConfig, '');
      env = { ...toolEnv(), TF_CLI_CONFIG_FILE: cliConfig };
    });
    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it.each(MODULES)(
      '%s initialises offline and passes its tests',
      async module => {
        const copy = join(work, module);
        // Without what a local `init` may have left in the module.
        cpSync(join(MODULES_DIR, module), copy, {
          recursive: true,
          filter: source => !LOCAL_STATE.includes(basename(source)),
        });
        const command = tool ?? 'terraform';
        const init = await runTool(
          command,
          [
            'init',
            '-backend=false',
            '-input=false',
            `-plugin-dir=${pluginDir}`,
          ],
          copy,
          env,
        );
        expect(init).toMatchObject({ code: 0 });
        // `test` validates the configuration before its runs.
        const test = await runTool(command, ['test', '-no-color'], copy, env);
        expect(test).toMatchObject({ code: 0 });
        expect(test.output).toMatch(/\b[1-9]\d* passed, 0 failed\b/);
      },
      300_000,
    );
  },
);
