/**
 * The portal under test: the repository's own backend (packages/backend, all
 * its plugins) serving the production build of the app (packages/app/dist)
 * through Backstage's app backend, on its own port, SQLite directory and
 * object store, so it never touches a portal already running.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface PortalOptions {
  /** Scratch directory: config, databases, object store, log. */
  dir: string;
  port: number;
  sqliteDir: string;
}

export interface Portal {
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

function config(options: PortalOptions): Record<string, unknown> {
  const baseUrl = `http://localhost:${options.port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: options.port },
      cors: { origin: baseUrl },
      database: {
        client: 'better-sqlite3',
        connection: { directory: options.sqliteDir },
      },
    },
    // The backend runs with NODE_ENV=production (as a deployment would);
    // guest sign-in must be allowed explicitly then.
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    tfpilot: {
      storage: { type: 'local', local: { dir: join(options.dir, 'objects') } },
      executor: {
        type: 'local',
        local: { workDir: join(options.dir, 'work') },
      },
    },
  };
}

async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `portal exited (${child.exitCode}) waiting for ${what}\n${tail(
          logFile,
        )}`,
      );
    }
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}\n${tail(logFile)}`);
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
}

/** A guest token, as the app's sign-in page gets one. */
export async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) throw new Error(`guest sign-in: ${response.status}`);
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}

/**
 * Starts packages/backend (TypeScript sources through Backstage's node
 * transform, NODE_ENV=production) with app-config.yaml plus the scratch
 * settings, and waits until TfPilot, the app and the catalog answer.
 */
export async function startPortal(options: PortalOptions): Promise<Portal> {
  const configFile = join(options.dir, 'app-config.bench.yaml');
  // JSON is YAML.
  writeFileSync(configFile, JSON.stringify(config(options), null, 2));
  const logFile = join(options.dir, 'portal.log');
  const log = openSync(logFile, 'a');
  const backendDir = join(REPO_ROOT, 'packages', 'backend');
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', log, log],
    },
  );
  const baseUrl = `http://localhost:${options.port}`;
  const stop = () =>
    new Promise<void>(done => {
      if (child.exitCode !== null) {
        done();
        return;
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitFor(
      'TfPilot health',
      async () => (await fetch(`${baseUrl}/api/tfpilot/health`)).ok,
      child,
      logFile,
      180_000,
    );
    await waitFor(
      'the app (production build)',
      async () => {
        const response = await fetch(`${baseUrl}/`);
        return response.ok && (await response.text()).includes('<script');
      },
      child,
      logFile,
      60_000,
    );
    // The catalog baseline needs its entities processed.
    await waitFor(
      'catalog entities',
      async () => {
        const token = await guestToken(baseUrl);
        const response = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        const body = (await response.json()) as { items?: unknown[] };
        return (body.items?.length ?? 0) > 0;
      },
      child,
      logFile,
      180_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, logFile, stop };
}
