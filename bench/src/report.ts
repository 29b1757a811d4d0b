/**
 * Results: one row per scenario and database, printed as a table and written
 * to bench/results/latest.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseKind, SeedResult } from './database';
import { HttpRunResult, LoopRunResult } from './load';
import { ProfileSummary } from './profile';

/** A side measurement that explains a result (not part of the pass/fail). */
export interface Diagnostic {
  label: string;
  result: LoopRunResult;
}

export interface ReadResult {
  kind: 'read';
  scenario: string;
  database: DatabaseKind;
  path: string;
  api: HttpRunResult;
  baseline: LoopRunResult;
  /** API p99 over baseline p99 (both exact, from per-call timings). */
  ratio: number;
  targetMs: number;
  pass: boolean;
  /** The bare query (or queries) of the baseline, with bindings. */
  sql: string[];
  plan: string[][];
  /** Whether the API's page and the bare query returned the same rows. */
  check: string;
  diagnostics: Diagnostic[];
  profile?: ProfileSummary;
}

export interface WriteResult {
  kind: 'write';
  scenario: string;
  database: DatabaseKind;
  path: string;
  api: HttpRunResult;
  createsPerSecond: number;
  baseline: LoopRunResult;
  /** API creates/s over baseline writes/s. */
  ratio: number;
  targetPerSecond: number;
  pass: boolean;
  baselineDescription: string;
  check: string;
  diagnostics: Diagnostic[];
  profile?: ProfileSummary;
}

export type ScenarioResult = ReadResult | WriteResult;

export interface DatabaseInfo {
  kind: DatabaseKind;
  location: string;
  version: string;
  seed: SeedResult;
  analyzed: boolean;
  /** SQLite's journal mode once the backend has opened the file. */
  journalMode?: string;
}

export interface Report {
  startedAt: string;
  finishedAt: string;
  environment: Record<string, string | number>;
  settings: Record<string, string | number>;
  databases: DatabaseInfo[];
  results: ScenarioResult[];
}

const fmt = (n: number, digits = 2) =>
  Number.isFinite(n) ? n.toFixed(digits) : 'n/a';

function errorsOf(api: HttpRunResult): number {
  return api.non2xx + api.errors;
}

const HEADER = [
  'Scenario',
  'DB',
  'API p99 ms (autocannon)',
  'API p99 ms (exact)',
  'Baseline p99 ms',
  'Ratio api/base',
  'API req/s',
  'Baseline ops/s',
  'API errors',
  'Target',
  'Result',
];

export function tableRows(results: ScenarioResult[]): string[][] {
  return results.map(r => {
    if (r.kind === 'read') {
      return [
        r.scenario,
        r.database,
        fmt(r.api.p99, 0),
        fmt(r.api.exact.p99),
        fmt(r.baseline.latency.p99, 3),
        `${fmt(r.ratio, r.ratio < 0.1 ? 3 : 1)}x`,
        fmt(r.api.requestsPerSecond, 0),
        fmt(r.baseline.opsPerSecond, 0),
        String(errorsOf(r.api)),
        `p99 <= ${r.targetMs} ms`,
        r.pass ? 'PASS' : 'FAIL',
      ];
    }
    return [
      r.scenario,
      r.database,
      fmt(r.api.p99, 0),
      fmt(r.api.exact.p99),
      fmt(r.baseline.latency.p99, 3),
      `${fmt(r.ratio, 2)}x (creates/s ${fmt(
        r.createsPerSecond,
        0,
      )} vs writes/s ${fmt(r.baseline.opsPerSecond, 0)})`,
      fmt(r.createsPerSecond, 0),
      fmt(r.baseline.opsPerSecond, 0),
      String(errorsOf(r.api)),
      `>= ${r.targetPerSecond} creates/s`,
      r.pass ? 'PASS' : 'FAIL',
    ];
  });
}

export function textTable(results: ScenarioResult[]): string {
  const rows = [HEADER, ...tableRows(results)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map(r => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('-+-'),
    ...rows.slice(1).map(line),
  ].join('\n');
}

export function markdownTable(results: ScenarioResult[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...tableRows(results).map(r => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function markdown(report: Report): string {
  const out: string[] = [];
  out.push(`# TfPilot bench: ${report.startedAt}`, '');
  out.push(
    Object.entries({ ...report.environment, ...report.settings })
      .map(([k, v]) => `- ${k}: ${v}`)
      .join('\n'),
    '',
  );
  for (const db of report.databases) {
    out.push(
      `- ${db.kind}: ${db.version} at ${db.location}; seeded ${
        db.seed.requests
      } requests and ${db.seed.events} events in ${fmt(
        db.seed.seconds,
        1,
      )} s (generated in ${fmt(db.seed.generateSeconds, 1)} s; record JSON ${
        db.seed.averageRecordBytes
      } B on average)${
        db.analyzed
          ? '; ANALYZE run after seeding'
          : '; no ANALYZE (the plugin never runs it)'
      }${db.journalMode ? `; journal_mode=${db.journalMode}` : ''}`,
    );
  }
  out.push('', '## Results', '', markdownTable(report.results), '');
  out.push('## Details', '');
  for (const r of report.results) {
    out.push(`### ${r.scenario} (${r.database})`, '');
    out.push(`- request: \`${r.path}\``);
    out.push(
      `- API: ${r.api.ok} 2xx, ${r.api.non2xx} non-2xx, ${
        r.api.errors
      } errors (${r.api.timeouts} timeouts) in ${fmt(
        r.api.durationSeconds,
        1,
      )} s; status codes ${JSON.stringify(r.api.statusCodes)}`,
    );
    out.push(
      `- API latency ms (exact): p50 ${fmt(r.api.exact.p50)}, p90 ${fmt(
        r.api.exact.p90,
      )}, p99 ${fmt(r.api.exact.p99)}, p99.9 ${fmt(
        r.api.exact.p999,
      )}, max ${fmt(r.api.exact.max)}`,
    );
    out.push(
      `- baseline latency ms: p50 ${fmt(r.baseline.latency.p50, 3)}, p90 ${fmt(
        r.baseline.latency.p90,
        3,
      )}, p99 ${fmt(r.baseline.latency.p99, 3)}, max ${fmt(
        r.baseline.latency.max,
        3,
      )}; ${r.baseline.latency.count} calls, ${r.baseline.errors} errors${
        r.baseline.firstError ? ` (${r.baseline.firstError})` : ''
      }`,
    );
    out.push(`- check: ${r.check}`);
    for (const d of r.diagnostics) {
      out.push(
        `- diagnostic, ${d.label}: p50 ${fmt(
          d.result.latency.p50,
          3,
        )} ms, p99 ${fmt(d.result.latency.p99, 3)} ms, ${fmt(
          d.result.opsPerSecond,
          1,
        )} ops/s over ${d.result.latency.count} calls${
          d.result.errors
            ? `, ${d.result.errors} errors (${d.result.firstError})`
            : ''
        }`,
      );
    }
    if (r.profile) {
      const p = r.profile;
      out.push(
        `- backend CPU profile of the measured window (${p.sampledMs} ms sampled, main thread busy ${p.busyPercent}%):`,
        `  - self time by area: ${p.byArea
          .map(a => `${a.area} ${a.percent}%`)
          .join(', ')}`,
        `  - top functions (self): ${p.topSelf
          .map(f => `${f.frame} ${f.percent}%`)
          .join('; ')}`,
        `  - inclusive: ${p.inclusive
          .map(f => `${f.frame} ${f.percent}%`)
          .join('; ')}`,
      );
    }
    if (r.kind === 'read') {
      r.sql.forEach((sql, i) => {
        out.push(
          '',
          '```sql',
          sql,
          '```',
          '',
          'Plan:',
          '',
          '```',
          ...r.plan[i],
          '```',
        );
      });
    } else {
      out.push(`- baseline: ${r.baselineDescription}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function writeReport(dir: string, report: Report): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'latest.md'), markdown(report));
}
