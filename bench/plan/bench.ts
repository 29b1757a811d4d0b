/**
 * Benchmark of `tfpilot plan summarize` (readPlanSummary) on generated
 * plans, against a bare `JSON.parse(readFileSync(file))` of the same file
 * measured in the same run. Every measurement is a fresh child process
 * (child.ts), so peak memory is per run; runs of the different modes are
 * interleaved round by round so that machine noise hits them alike.
 *
 *   bash bench/plan/run.sh        (settings: see bench/plan/README.md)
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { ChildResult, Mode } from './child';
import { DEFAULT_STREAM_THRESHOLD } from '../../plugins/tfpilot-node/src/plan';
import { generatePlan } from './generate';

const HERE = __dirname;
const ROOT = resolve(HERE, '../..');
const TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs', {
  paths: [ROOT],
});

const env = (name: string, fallback: string): string =>
  process.env[name] ?? fallback;
const SIZES = env('BENCH_PLAN_SIZES', '1000,10000,100000')
  .split(',')
  .filter(Boolean)
  .map(Number);
const RUNS = Number(env('BENCH_PLAN_RUNS', '5'));
const HUGE = Number(env('BENCH_PLAN_HUGE', '200000'));
const HUGE_RUNS = Number(env('BENCH_PLAN_HUGE_RUNS', '3'));
/** Outside the checkout: hundreds of MB that neither git nor prettier should see. */
const DATA = resolve(
  env('BENCH_PLAN_DATA', join(tmpdir(), 'tfpilot-bench-plan')),
);
const RESULTS = join(HERE, 'results');
/** The same V8 heap limit for every child: room for JSON.parse of a ~500 MB plan. */
const NODE_FLAGS = ['--max-old-space-size=12288'];

const MB = 1024 * 1024;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmtMB = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
const log = (line: string) => process.stderr.write(`[bench/plan] ${line}\n`);

/** A generated plan, reused while the generator is unchanged. */
function plan(resources: number): { file: string; bytes: number } {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `plan-${resources}.json`);
  const generator = statSync(join(HERE, 'generate.ts')).mtimeMs;
  if (!existsSync(file) || statSync(file).mtimeMs < generator) {
    log(`generating ${resources.toLocaleString('en')} resource changes…`);
    const partial = `${file}.partial`;
    const written = generatePlan({
      resources,
      out: partial,
      seed: 1,
      scale: 1,
    });
    renameSync(partial, file);
    log(
      `  ${fmtMB(written.bytes)}, ${written.drift} drift, ${
        written.modules
      } module instances`,
    );
  }
  return { file, bytes: statSync(file).size };
}

function child(mode: Mode, file: string): ChildResult {
  try {
    const out = execFileSync(
      process.execPath,
      [
        ...NODE_FLAGS,
        '--require',
        TRANSFORM,
        join(HERE, 'child.ts'),
        mode,
        file,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * MB },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
  } catch (error) {
    // The process died (out of memory, a crash): that is the result.
    const e = error as { status?: number; signal?: string; stderr?: string };
    const reason =
      `${e.stderr ?? ''}`
        .split('\n')
        .find(line => /error|fatal|heap/i.test(line))
        ?.trim() ?? `exit ${e.status ?? e.signal}`;
    return {
      mode,
      ms: NaN,
      maxRss: NaN,
      rssBefore: NaN,
      items: 0,
      error: reason.slice(0, 200),
    };
  }
}

interface Summary {
  mode: Mode;
  ms: number;
  maxRss: number;
  runs: ChildResult[];
  error?: string;
}

function measure(
  modes: Mode[],
  file: string,
  runs: number,
): Map<Mode, Summary> {
  const results = new Map<Mode, ChildResult[]>(modes.map(m => [m, []]));
  for (let round = 0; round < runs; round++) {
    // Rotate the order so no mode always runs first (or right after another).
    const order = modes.map((_, i) => modes[(i + round) % modes.length]);
    for (const mode of order) {
      const result = child(mode, file);
      results.get(mode)!.push(result);
      log(
        `  ${mode.padEnd(17)} ${
          result.error
            ? `FAILED: ${result.error}`
            : `${fmtMs(result.ms)}, peak RSS ${fmtMB(result.maxRss)}`
        }`,
      );
    }
  }
  return new Map(
    modes.map(mode => {
      const all = results.get(mode)!;
      const ok = all.filter(r => !r.error);
      const counts = new Set(ok.map(r => r.items));
      if (counts.size > 1)
        throw new Error(`${mode}: runs disagree on the item count`);
      return [
        mode,
        {
          mode,
          ms: ok.length ? median(ok.map(r => r.ms)) : NaN,
          maxRss: ok.length ? median(ok.map(r => r.maxRss)) : NaN,
          runs: all,
          error:
            ok.length < all.length ? all.find(r => r.error)?.error : undefined,
        },
      ];
    }),
  );
}

interface Row {
  resources: number;
  bytes: number;
  baseline: number;
  modes: Map<Mode, Summary>;
}

const ratio = (value: number, of: number) =>
  Number.isFinite(value) && Number.isFinite(of) && of > 0 ? value / of : NaN;
const fmtRatio = (r: number, target?: number) =>
  Number.isNaN(r)
    ? '—'
    : `${r.toFixed(2)}×${
        target === undefined ? '' : r <= target ? ' ✅' : ' ❌'
      }`;

const LABELS: Record<Mode, string> = {
  baseline: 'baseline (load only)',
  parse: '`JSON.parse(readFileSync)`',
  summarize: '**`readPlanSummary` (default)**',
  'summarize-whole': '`readPlanSummary`, whole-file path',
  'summarize-stream': '`readPlanSummary`, streaming path',
};

function table(rows: Row[]): string {
  const lines = [
    '| plan | file | measured | median time | time ÷ JSON.parse (≤ 1.5) | peak RSS − baseline | memory ÷ file (≤ 3) |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const parse = row.modes.get('parse');
    for (const [mode, s] of row.modes) {
      if (mode === 'baseline') continue;
      const net = s.maxRss - row.baseline;
      const isSummary = mode !== 'parse';
      lines.push(
        `| ${row.resources.toLocaleString('en')} changes | ${fmtMB(
          row.bytes,
        )} | ${LABELS[mode]} | ${
          s.error && Number.isNaN(s.ms)
            ? `fails: ${s.error.replace(/\|/g, '\\|')}`
            : fmtMs(s.ms)
        } | ${
          isSummary
            ? fmtRatio(ratio(s.ms, parse?.ms ?? NaN), 1.5)
            : fmtRatio(ratio(s.ms, s.ms))
        } | ${Number.isNaN(net) ? '—' : fmtMB(net)} | ${fmtRatio(
          ratio(net, row.bytes),
          isSummary ? 3 : undefined,
        )} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Markdown as the repository's prettier writes it (tables aligned), if it loads. */
function formatted(md: string): string {
  try {
    const prettier = require(require.resolve('prettier', {
      paths: [ROOT],
    })) as {
      format(text: string, options: { parser: string }): string;
    };
    return prettier.format(md, { parser: 'markdown' });
  } catch {
    return md;
  }
}

function main(): void {
  const started = Date.now();
  const rows: Row[] = [];
  const modes: Mode[] = [
    'baseline',
    'parse',
    'summarize',
    'summarize-whole',
    'summarize-stream',
  ];
  for (const resources of SIZES) {
    const { file, bytes } = plan(resources);
    log(
      `${resources.toLocaleString('en')} changes, ${fmtMB(
        bytes,
      )}: ${RUNS} runs of each mode`,
    );
    const measured = measure(modes, file, RUNS);
    rows.push({
      resources,
      bytes,
      baseline: measured.get('baseline')!.maxRss,
      modes: measured,
    });
  }
  let huge: Row | undefined;
  if (HUGE > 0) {
    const { file, bytes } = plan(HUGE);
    log(
      `${HUGE.toLocaleString('en')} changes, ${fmtMB(
        bytes,
      )} (over V8's string limit): ${HUGE_RUNS} runs`,
    );
    // JSON.parse once, to show it cannot; then the default path, which streams.
    const parse = measure(['parse'], file, 1).get('parse')!;
    const measured = measure(['baseline', 'summarize'], file, HUGE_RUNS);
    measured.set('parse', parse);
    huge = {
      resources: HUGE,
      bytes,
      baseline: measured.get('baseline')!.maxRss,
      modes: new Map([
        ['baseline', measured.get('baseline')!],
        ['parse', parse],
        ['summarize', measured.get('summarize')!],
      ]),
    };
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const machine = `${cpus().length} × ${
    cpus()[0]?.model ?? 'CPU'
  }, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}`;
  const md = [
    '# `plan summarize` benchmark',
    '',
    `${new Date().toISOString()} — ${machine}; ${RUNS} runs per mode (median), each a fresh process (\`${NODE_FLAGS.join(
      ' ',
    )}\`); default stream threshold ${fmtMB(
      DEFAULT_STREAM_THRESHOLD,
    )}; ${seconds} s in all.`,
    '',
    "Time: the work only (`readFileSync` + `JSON.parse`, or `readPlanSummary`), not process start. Memory: the process's peak RSS (`process.resourceUsage().maxRSS`) minus the median peak RSS of a child that loads the same modules and does nothing" +
      ` (${rows.map(r => fmtMB(r.baseline)).join(', ')}${
        huge ? `, ${fmtMB(huge.baseline)}` : ''
      }).`,
    '',
    table(rows),
    ...(huge
      ? [
          '',
          `## Larger than V8's string limit (${fmtMB(huge.bytes)})`,
          '',
          table([huge]),
        ]
      : []),
    '',
    '## Runs',
    '',
    '```',
    ...[...rows, ...(huge ? [huge] : [])].flatMap(row =>
      [...row.modes.values()].map(
        s =>
          `${String(row.resources).padStart(7)} ${s.mode.padEnd(17)} ${s.runs
            .map(r =>
              r.error
                ? 'FAIL'
                : `${Math.round(r.ms)}ms/${Math.round(r.maxRss / MB)}MB`,
            )
            .join('  ')}`,
      ),
    ),
    '```',
    '',
  ].join('\n');
  const out = formatted(md);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.md'), out);
  process.stdout.write(out);
  log(`wrote ${relative(ROOT, join(RESULTS, 'latest.md'))}`);
}

if (require.main === module) main();
