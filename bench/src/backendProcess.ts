/**
 * Runs bench/src/backend.ts as a child process with generated app-config, so
 * the load tool measures a real Backstage backend over real HTTP.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BackendOptions {
  /** Scratch directory: config, object store and log go here. */
  dir: string;
  port: number;
  /** `backend.database`. */
  database: Record<string, unknown>;
  /** Directory of the local object store. */
  objectsDir: string;
  /** `tfpilot.storage.local.fsync`. */
  fsync: boolean;
  label: string;
  /** When set, the backend runs under `node --cpu-prof` writing here. */
  profileDir?: string;
  /** The backend's entry file (default: bench/src/backend.ts). */
  entry?: string;
  /** Adjusts the generated app-config (e.g. another executor). */
  configure?: (config: Record<string, unknown>) => Record<string, unknown>;
}

export interface RunningBackend {
  baseUrl: string;
  /** Static external-access token the load tool sends as a Bearer token. */
  token: string;
  logFile: string;
  stop(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function appConfig(
  options: BackendOptions,
  token: string,
): Record<string, unknown> {
  const baseUrl = `http://localhost:${options.port}`;
  return {
    backend: {
      baseUrl,
      listen: { port: options.port, host: '127.0.0.1' },
      database: options.database,
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: false },
    tfpilot: {
      storage: {
        type: 'local',
        local: { dir: options.objectsDir, fsync: options.fsync },
      },
      executor: { type: 'local' },
      environments: [
        { name: 'dev' },
        { name: 'stage' },
        { name: 'prod', production: true },
      ],
    },
  };
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with code ${child.exitCode} before it was ready`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`backend not healthy at ${url} after ${timeoutMs} ms`);
}

/** Starts the backend and resolves once /api/tfpilot/health answers 200. */
export async function startBackend(
  options: BackendOptions,
): Promise<RunningBackend> {
  const token = newToken();
  // JSON is YAML: Backstage's config loader reads it as is.
  const configFile = join(options.dir, `app-config.${options.label}.yaml`);
  const config = appConfig(options, token);
  writeFileSync(
    configFile,
    JSON.stringify(options.configure?.(config) ?? config, null, 2),
  );
  const logFile = join(options.dir, `backend.${options.label}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      ...(options.profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
        : []),
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      options.entry ?? join(__dirname, 'backend.ts'),
      '--config',
      configFile,
    ],
    {
      cwd: join(__dirname, '..'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', log, log],
    },
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(`${baseUrl}/api/tfpilot/health`, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    const tail = readFileSync(logFile, 'utf8')
      .split('\n')
      .slice(-30)
      .join('\n');
    throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail}`);
  }
  return {
    baseUrl,
    token,
    logFile,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
