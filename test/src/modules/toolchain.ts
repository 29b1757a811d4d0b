import { execFile, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Terraform or OpenTofu binary on PATH, and whether an AWS provider can be
 * installed without a network: what decides, when the tests load, which of
 * the tool-driven checks run here.
 */
export interface Toolchain {
  /** `terraform` or `tofu`; undefined when neither is on PATH. */
  tool?: 'terraform' | 'tofu';
  /** The tool's version, e.g. `1.11.4`. */
  version?: string;
  /**
   * A directory in the `-plugin-dir` layout holding hashicorp/aws for the
   * tool's registry host; undefined when none was found.
   */
  pluginDir?: string;
}

const REGISTRY_HOST = {
  terraform: 'registry.terraform.io',
  tofu: 'registry.opentofu.org',
} as const;

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function toolVersion(tool: string): string | undefined {
  const result = spawnSync(tool, ['version', '-json'], {
    encoding: 'utf8',
    env: toolEnv(),
    timeout: 30_000,
  });
  if (result.status !== 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    if (typeof parsed === 'object' && parsed !== null) {
      const version: unknown = Reflect.get(parsed, 'terraform_version');
      return typeof version === 'string' ? version : undefined;
    }
  } catch {
    // Older versions print text only.
  }
  return undefined;
}

/**
 * Where provider mirrors usually are: `TFPILOT_TF_PLUGIN_DIR` first, then the
 * implied local mirror directories Terraform and OpenTofu search on Unix,
 * then the mirror this project's machines carry.
 */
function pluginDirCandidates(): string[] {
  const fromEnv = process.env.TFPILOT_TF_PLUGIN_DIR;
  return [
    ...(fromEnv ? [fromEnv] : []),
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
    '/opt/tf-plugins',
  ];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function findToolchain(): Toolchain {
  const tool = (['terraform', 'tofu'] as const).find(onPath);
  if (!tool) return {};
  const host = REGISTRY_HOST[tool];
  const pluginDir = pluginDirCandidates().find(
    dir => existsSync(dir) && isDirectory(join(dir, host, 'hashicorp', 'aws')),
  );
  return { tool, version: toolVersion(tool), pluginDir };
}

/** Compares dotted versions numerically: is `version` at least `minimum`? */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) =>
    v
      .replace(/^v/, '')
      .split(/[.-]/)
      .slice(0, 3)
      .map(p => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** No update checks, no prompts, no colour. */
export function toolEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    NO_COLOR: '1',
  };
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs the tool in `cwd`; never throws for a non-zero exit. */
export function runTool(
  tool: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = toolEnv(),
): Promise<RunResult> {
  return new Promise(resolvePromise => {
    execFile(
      tool,
      args,
      { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error !== null)
          code = typeof error.code === 'number' ? error.code : 1;
        resolvePromise({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
