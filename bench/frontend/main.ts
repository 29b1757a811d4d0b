/**
 * TfPilot frontend bench (entry point: bench/frontend/run.sh).
 *
 * 1. Builds the app for production (packages/app/dist) unless a build is
 *    there already (BENCH_BUILD=1 forces one).
 * 2. Seeds 100,000 requests straight into a scratch SQLite index, with the
 *    API bench's generator (bench/src/records.ts) and the plugin's own
 *    migrations.
 * 3. Starts the repository's backend on that database, serving the built
 *    app (bench/frontend/portal.ts).
 * 4. In Chromium: the requests page (/tfpilot/requests) and, as the baseline,
 *    the catalog page (/, the app's start page) — BENCH_RUNS cold loads
 *    (fresh context, empty cache) and as many warm ones, timing navigation
 *    start → first data row; the scripts of the first cold load, attributed
 *    to TfPilot's sources through the chunks' source maps.
 * 5. Writes bench/frontend/results/latest.{md,json}.
 *
 * Settings: BENCH_REQUESTS (100000), BENCH_RUNS (5), BENCH_PORT (7117),
 * BENCH_BUILD (auto), BENCH_KEEP (0: delete the scratch directory).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from '@playwright/test';
import {
  generateSeed,
  migrate,
  seedSqlite,
  sqliteDatabase,
} from '../src/database';
import {
  guestStorageState,
  LoadSample,
  measureNavigation,
  measurePage,
  PageResult,
  ScriptLoad,
  Target,
} from './measure';
import { guestToken, REPO_ROOT, startPortal } from './portal';
import { attributeChunk } from './sourceMaps';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SETTINGS = {
  requests: Number(env('BENCH_REQUESTS', '100000')),
  runs: Number(env('BENCH_RUNS', '5')),
  port: Number(env('BENCH_PORT', '7117')),
  build: env('BENCH_BUILD', 'auto'),
  keep: env('BENCH_KEEP', '0') === '1',
  chromium: env('TFPILOT_CHROMIUM', '/usr/bin/chromium'),
};

const APP_DIST = join(REPO_ROOT, 'packages', 'app', 'dist');

const TARGETS: (Target & { navLink: string })[] = [
  {
    navLink: 'TfPilot',
    name: 'TfPilot requests (/tfpilot/requests)',
    path: '/tfpilot/requests',
    selector: 'table tbody a[href^="/tfpilot/requests/"]',
    pathname: /^\/tfpilot\/requests\/?$/,
    api: /\/api\/tfpilot\/requests\?/,
  },
  {
    navLink: 'Catalog',
    name: 'Catalog (/, baseline)',
    path: '/',
    selector: 'table tbody a[href^="/catalog/"]',
    pathname: /^\/$/,
    api: /\/api\/catalog\/entities\/by-query/,
  },
];

const TFPILOT_FRONTEND = /plugins\/tfpilot\/src\//;
const TFPILOT_COMMON = /plugins\/tfpilot-common\/src\//;

function log(line: string) {
  process.stderr.write(`[bench:frontend] ${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function build() {
  const present = existsSync(join(APP_DIST, 'index.html'));
  if (SETTINGS.build === '0' || (SETTINGS.build === 'auto' && present)) {
    log(`using the existing production build in ${APP_DIST}`);
    return;
  }
  log('building the app for production (yarn workspace app build)…');
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'package',
      'build',
    ],
    { cwd: join(REPO_ROOT, 'packages', 'app'), stdio: 'inherit' },
  );
}

interface ScriptShare extends ScriptLoad {
  file: string;
  /** Bytes of the (decoded) chunk from TfPilot's frontend plugin sources. */
  tfpilot: number;
  /** … and from tfpilot-common. */
  common: number;
}

function attribute(scripts: ScriptLoad[]): ScriptShare[] {
  return scripts.map(script => {
    const file = basename(new URL(script.url).pathname);
    const path = join(APP_DIST, 'static', file);
    if (!existsSync(path)) return { ...script, file, tfpilot: 0, common: 0 };
    return {
      ...script,
      file,
      tfpilot: attributeChunk(path, s => TFPILOT_FRONTEND.test(s)).ours,
      common: attributeChunk(path, s => TFPILOT_COMMON.test(s)).ours,
    };
  });
}

interface Summary {
  name: string;
  /** Median of in-app navigations to the page from the other one, ms. */
  navigationMs?: number;
  navigationSamples?: number[];
  coldFirstRenderMs: number;
  warmFirstRenderMs: number;
  coldFcpMs?: number;
  apiMs?: number;
  samples: { cold: LoadSample[]; warm: LoadSample[] };
  scripts: ScriptShare[];
  jsDecoded: number;
  jsTransferred: number;
  tfpilotBytes: number;
  commonBytes: number;
  tfpilotChunks: string[];
}

function summarise(result: PageResult): Summary {
  const scripts = attribute(result.scripts);
  const defined = (values: (number | undefined)[]) =>
    values.filter((v): v is number => v !== undefined);
  const fcp = defined(result.cold.map(s => s.firstContentfulPaint));
  const api = defined(result.cold.map(s => s.apiCall));
  return {
    name: result.target.name,
    coldFirstRenderMs: median(result.cold.map(s => s.firstRender)),
    warmFirstRenderMs: median(result.warm.map(s => s.firstRender)),
    coldFcpMs: fcp.length ? median(fcp) : undefined,
    apiMs: api.length ? median(api) : undefined,
    samples: { cold: result.cold, warm: result.warm },
    scripts,
    jsDecoded: scripts.reduce((sum, s) => sum + s.decoded, 0),
    jsTransferred: scripts.reduce((sum, s) => sum + s.transferred, 0),
    tfpilotBytes: scripts.reduce((sum, s) => sum + s.tfpilot, 0),
    commonBytes: scripts.reduce((sum, s) => sum + s.common, 0),
    tfpilotChunks: scripts
      .filter(s => s.tfpilot + s.common > 0)
      .map(
        s => `${s.file} (${kb(s.tfpilot + s.common)} of ${kb(s.decoded)} KiB)`,
      ),
  };
}

function report(
  summaries: Summary[],
  context: Record<string, string | number>,
): string {
  const lines = [
    '# TfPilot frontend bench — latest run',
    '',
    ...Object.entries(context).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '| page | first render, cold load (median ms) | first render, warm load (median ms) | first render after in-app navigation (median ms) | first contentful paint, cold (ms) | data API call in the browser (ms) | JS loaded on a first visit (decoded KiB) | on the wire (KiB) | of it TfPilot plugin (KiB) | of it tfpilot-common (KiB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...summaries
      .map(s =>
        [
          s.name,
          ms(s.coldFirstRenderMs),
          ms(s.warmFirstRenderMs),
          ms(s.navigationMs),
          ms(s.coldFcpMs),
          ms(s.apiMs),
          kb(s.jsDecoded),
          kb(s.jsTransferred),
          kb(s.tfpilotBytes),
          kb(s.commonBytes),
        ].join(' | '),
      )
      .map(row => `| ${row} |`),
    '',
  ];
  for (const s of summaries) {
    lines.push(
      `## ${s.name}`,
      '',
      `- cold first render, each run (ms): ${s.samples.cold
        .map(x => ms(x.firstRender))
        .join(', ')}`,
      `- warm first render, each run (ms): ${s.samples.warm
        .map(x => ms(x.firstRender))
        .join(', ')}`,
      `- first render after in-app navigation, each run (ms): ${(
        s.navigationSamples ?? []
      )
        .map(x => ms(x))
        .join(', ')}`,
      `- scripts loaded on the first visit: ${s.scripts.length}`,
      `- chunks holding TfPilot code: ${
        s.tfpilotChunks.length ? s.tfpilotChunks.join('; ') : 'none'
      }`,
      '',
    );
  }
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  build();
  const scratch = mkdtempSync(join(tmpdir(), 'tfpilot-bench-frontend-'));
  const sqliteDir = join(scratch, 'sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  log(`scratch directory ${scratch}`);

  // Seed the index the portal's TfPilot backend opens (<dir>/tfpilot.sqlite).
  const database = sqliteDatabase(sqliteDir);
  const knex = database.connect();
  await migrate(knex);
  await knex.destroy();
  log(`generating ${SETTINGS.requests} requests…`);
  const seed = generateSeed(SETTINGS.requests, Date.now());
  const seeded = seedSqlite(database.filename!, seed);
  log(
    `seeded ${seeded.requests} requests and ${
      seeded.events
    } events in ${seeded.seconds.toFixed(1)} s`,
  );

  log('starting the portal…');
  const portal = await startPortal({
    dir: scratch,
    port: SETTINGS.port,
    sqliteDir,
  });
  const browser = await chromium.launch({
    executablePath: SETTINGS.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const token = await guestToken(portal.baseUrl);
    const metrics = (await (
      await fetch(`${portal.baseUrl}/api/tfpilot/metrics`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { totalRequests: number };
    if (metrics.totalRequests !== SETTINGS.requests) {
      throw new Error(
        `the portal counts ${metrics.totalRequests} requests, not ${SETTINGS.requests}: it did not open the seeded index`,
      );
    }
    const state = await guestStorageState(browser, portal.baseUrl);
    // One unmeasured load of each page: the backend's first queries and
    // caches, the OS file cache.
    for (const target of TARGETS) {
      await measurePage(browser, portal.baseUrl, state, target, 1);
    }
    const summaries: Summary[] = [];
    for (const [i, target] of TARGETS.entries()) {
      log(
        `measuring ${target.name} (${SETTINGS.runs} cold loads, ${SETTINGS.runs} warm, ${SETTINGS.runs} in-app navigations)…`,
      );
      const summary = summarise(
        await measurePage(
          browser,
          portal.baseUrl,
          state,
          target,
          SETTINGS.runs,
        ),
      );
      // From the other page, by its sidebar link.
      const from = TARGETS[(i + 1) % TARGETS.length];
      summary.navigationSamples = await measureNavigation(
        browser,
        portal.baseUrl,
        state,
        from,
        target,
        target.navLink,
        SETTINGS.runs,
      );
      summary.navigationMs = median(summary.navigationSamples);
      summaries.push(summary);
    }
    const context = {
      date: new Date().toISOString(),
      machine: `${cpus().length} CPU (${cpus()[0]?.model ?? 'unknown'}), Node ${
        process.version
      }`,
      'requests in the index': SETTINGS.requests,
      'runs per page': SETTINGS.runs,
      'load average before / after': `${loadBefore.toFixed(
        2,
      )} / ${loadavg()[0].toFixed(2)}`,
      'took (s)': Math.round((Date.now() - started) / 1000),
    };
    const text = report(summaries, context);
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'latest.md'), text);
    writeFileSync(
      join(out, 'latest.json'),
      JSON.stringify({ context, summaries }, null, 2),
    );
    process.stdout.write(`${text}\n`);
  } finally {
    await browser.close();
    await portal.stop();
    if (!SETTINGS.keep) rmSync(scratch, { recursive: true, force: true });
    else log(`kept ${scratch}`);
  }
}

main().catch(error => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
