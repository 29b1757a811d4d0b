/**
 * Where the backend's time goes: with BENCH_PROFILE=1 the backend runs under
 * `node --cpu-prof`, and each measured load window is summarised from the
 * profile (V8 timestamps share the monotonic clock of process.hrtime).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  label: string;
  /** Microseconds on the monotonic clock (process.hrtime.bigint() / 1000). */
  startUs: number;
  endUs: number;
}

export interface ProfileSummary {
  label: string;
  sampledMs: number;
  /** Share of the window the backend's main thread was busy (not idle). */
  busyPercent: number;
  /** Self time by area (package, GC, idle, plugin code), percent of the window. */
  byArea: Array<{ area: string; percent: number }>;
  /** Functions with the most self time, percent of the window. */
  topSelf: Array<{ frame: string; percent: number }>;
  /** Selected frames with their total (inclusive) time, percent of the window. */
  inclusive: Array<{ frame: string; percent: number }>;
}

export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/(plugins|bench)\//, '$1/');
}

function frameName(frame: CallFrame): string {
  const where = frame.url
    ? ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
    : '';
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'garbage collector';
    // Native functions (JSON.parse, socket writes, fs calls) and code
    // compiled at run time (new Function) carry no source URL.
    return functionName.startsWith('(')
      ? functionName
      : 'native / no source URL';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const plugin = /\/plugins\/([^/]+)\//.exec(url);
  if (plugin) return `plugins/${plugin[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return shortUrl(url);
}

/** Frames whose inclusive time tells the story of a request. */
const INCLUSIVE_FRAMES = [
  'parseRequestRecord',
  'listRequests',
  'metricsRows',
  'computeMetrics',
  'create',
  'putIfAbsent',
  'putRequest',
  'putEvent',
  'stringify',
  'authorize',
  'authorizeConditional',
  'credentials',
  '_query',
];

export function readMainThreadProfile(dir: string): CpuProfile | undefined {
  const files = readdirSync(dir)
    .filter(f => f.endsWith('.cpuprofile'))
    .map(f => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  // The main thread's profile is the big one (the other is the loader-hooks worker).
  return files[0]
    ? (JSON.parse(readFileSync(files[0], 'utf8')) as CpuProfile)
    : undefined;
}

export function summarise(
  profile: CpuProfile,
  window: ProfileWindow,
): ProfileSummary {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);

  const weight = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < window.startUs || t > window.endUs) return;
    const dt = profile.timeDeltas[i];
    weight.set(id, (weight.get(id) ?? 0) + dt);
    total += dt;
  });

  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, w] of weight) {
    const node = nodes.get(id);
    if (!node) continue;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + w);
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + w);
    const seen = new Set<string>();
    for (
      let cur: number | undefined = id;
      cur !== undefined;
      cur = parent.get(cur)
    ) {
      const frame = nodes.get(cur)?.callFrame;
      if (!frame || !INCLUSIVE_FRAMES.includes(frame.functionName)) continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + w);
    }
  }
  const pct = (w: number) => Math.round((1000 * w) / Math.max(total, 1)) / 10;
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    label: window.label,
    sampledMs: Math.round(total / 1000),
    busyPercent:
      Math.round(
        1000 - (1000 * (areas.get('idle') ?? 0)) / Math.max(total, 1),
      ) / 10,
    byArea: top(areas, 12).map(([area, w]) => ({ area, percent: pct(w) })),
    topSelf: top(self, 15).map(([frame, w]) => ({ frame, percent: pct(w) })),
    inclusive: top(inclusive, 12)
      .filter(([, w]) => pct(w) >= 0.5)
      .map(([frame, w]) => ({ frame, percent: pct(w) })),
  };
}
