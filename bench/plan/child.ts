/**
 * One measured run, in a fresh process so that its peak memory is its own:
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/plan/child.ts <mode> <plan.json>
 *
 * Every mode loads the same modules first, so the `baseline` mode (load,
 * do nothing) is the memory the others are measured against. Prints one
 * line of JSON.
 */
import { readFileSync } from 'node:fs';
import {
  readPlanSummary,
  DEFAULT_STREAM_THRESHOLD,
} from '../../plugins/tfpilot-node/src/plan';

export const MODES = [
  'baseline',
  'parse',
  'summarize',
  'summarize-whole',
  'summarize-stream',
] as const;
export type Mode = (typeof MODES)[number];

export interface ChildResult {
  mode: Mode;
  /** Wall time of the measured work, ms. */
  ms: number;
  /** Peak resident set size of the process, bytes. */
  maxRss: number;
  /** Resident set size just before the work, bytes. */
  rssBefore: number;
  /** Resource changes seen (parse) or changes in the summary (summarize). */
  items: number;
  error?: string;
}

async function run(mode: Mode, file: string): Promise<number> {
  switch (mode) {
    case 'baseline':
      return 0;
    case 'parse': {
      // The bare baseline: what any summariser built on JSON.parse pays.
      const plan = JSON.parse(readFileSync(file, 'utf8'));
      return plan.resource_changes.length;
    }
    case 'summarize':
      return (await readPlanSummary(file)).changes.length;
    case 'summarize-whole':
      // Force the JSON.parse path (up to V8's string limit).
      return (await readPlanSummary(file, { streamThreshold: Infinity }))
        .changes.length;
    case 'summarize-stream':
      return (await readPlanSummary(file, { streamThreshold: 0 })).changes
        .length;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2) as [Mode, string];
  if (!MODES.includes(mode) || !file) {
    throw new Error(`usage: child.ts <${MODES.join('|')}> <plan.json>`);
  }
  // Touch the threshold so the module is surely loaded in every mode.
  if (DEFAULT_STREAM_THRESHOLD <= 0) throw new Error('bad threshold');
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let items = 0;
  let error: string | undefined;
  try {
    items = await run(mode, file);
  } catch (e) {
    error = (e as Error).message.split('\n')[0].slice(0, 300);
  }
  const ms = performance.now() - started;
  const result: ChildResult = {
    mode,
    ms,
    maxRss: process.resourceUsage().maxRSS * 1024,
    rssBefore,
    items,
    error,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  });
}
