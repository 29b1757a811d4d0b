import { Document, isScalar, parseDocument } from 'yaml';
import {
  effectiveShell,
  isObject,
  Job,
  jobsOf,
  JsonObject,
  Step,
  triggersOf,
} from './workflowFile';

export interface HardeningOptions {
  /**
   * Permission scopes a job may hold with `write`, e.g. `['contents']` for a
   * job that pushes. Nothing by default.
   */
  allowWrite?: readonly string[];
}

/** A third-party action or reusable workflow pinned to a full commit SHA. */
const PINNED_REF =
  /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[0-9a-f]{40}$/;
/** The comment that says which release a SHA is, e.g. `# v4.2.2`. */
const VERSION_COMMENT = /^v\d+\.\d+\.\d+$/;
/** A container image pinned by digest. */
const PINNED_IMAGE = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
/** Triggers that run with the repository's secrets on code from outside. */
const RISKY_TRIGGERS = ['pull_request_target', 'workflow_run'];
const MAX_TIMEOUT_MINUTES = 360;

function stepLabel(job: Job, index: number, step: Step): string {
  const name = step.name ?? step.id ?? step.uses ?? 'run';
  return `jobs.${job.key}.steps[${index}] (${name})`;
}

/** True when a shell command line runs bash with -e, -u and -o pipefail. */
export function isStrictBash(shell: string): boolean {
  const tokens = shell.trim().split(/\s+/);
  if (tokens[0] !== 'bash' && !tokens[0].endsWith('/bash')) return false;
  const set = new Set<string>();
  tokens.forEach((token, i) => {
    if (!/^-[a-zA-Z]+$/.test(token)) return;
    for (const letter of token.slice(1)) set.add(letter);
    if (token.endsWith('o') && tokens[i + 1]) set.add(`o:${tokens[i + 1]}`);
  });
  const errexit = set.has('e') || set.has('o:errexit');
  const nounset = set.has('u') || set.has('o:nounset');
  return errexit && nounset && set.has('o:pipefail');
}

/** True when a script turns on -e, -u and pipefail before anything else. */
function startsStrict(script: string): boolean {
  const first = script
    .split('\n')
    .map(line => line.trim())
    .find(line => line !== '' && !line.startsWith('#'));
  return first !== undefined && isStrictBash(first.replace(/^set\b/, 'bash'));
}

function checkPermissions(
  where: string,
  permissions: unknown,
  allowWrite: readonly string[],
  out: string[],
): void {
  if (permissions === undefined) {
    out.push(
      `${where}: no permissions; the GITHUB_TOKEN would get the repository's default`,
    );
    return;
  }
  if (typeof permissions === 'string') {
    out.push(
      `${where}: permissions: ${permissions} grants every scope; list the scopes needed`,
    );
    return;
  }
  if (!isObject(permissions)) {
    out.push(`${where}: permissions must be a mapping of scopes`);
    return;
  }
  for (const [scope, level] of Object.entries(permissions)) {
    if (level === 'write' && !allowWrite.includes(scope)) {
      out.push(`${where}: permissions grant ${scope}: write`);
    } else if (level !== 'read' && level !== 'write' && level !== 'none') {
      out.push(
        `${where}: permissions ${scope}: ${String(level)} is not a level`,
      );
    }
  }
}

/** `uses:` values' trailing comments, by where they are. */
function usesComments(
  doc: Document,
  workflow: JsonObject,
): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  for (const job of jobsOf(workflow)) {
    const jobUses = doc.getIn(['jobs', job.key, 'uses'], true);
    if (isScalar(jobUses))
      found.set(`jobs.${job.key}`, jobUses.comment?.trim());
    job.steps.forEach((_step, i) => {
      const uses = doc.getIn(['jobs', job.key, 'steps', i, 'uses'], true);
      if (isScalar(uses)) {
        found.set(`jobs.${job.key}.steps[${i}]`, uses.comment?.trim());
      }
    });
  }
  return found;
}

function checkUses(
  where: string,
  uses: string,
  comment: string | undefined,
  out: string[],
): void {
  if (uses.startsWith('./')) return; // the repository's own code, same commit
  if (uses.startsWith('docker://')) {
    if (!PINNED_IMAGE.test(uses)) {
      out.push(`${where}: ${uses} is not pinned to an image digest`);
    }
    return;
  }
  if (!PINNED_REF.test(uses)) {
    out.push(
      `${where}: ${uses} is not pinned to a full 40-character commit SHA`,
    );
    return;
  }
  if (!comment || !VERSION_COMMENT.test(comment)) {
    out.push(`${where}: ${uses} needs a "# vX.Y.Z" comment naming its release`);
  }
}

function checkJob(
  workflow: JsonObject,
  job: Job,
  comments: Map<string, string | undefined>,
  allowWrite: readonly string[],
  out: string[],
): void {
  const where = `jobs.${job.key}`;
  checkPermissions(where, job.raw.permissions, allowWrite, out);
  const permissions = isObject(job.raw.permissions) ? job.raw.permissions : {};
  const pushes = permissions.contents === 'write';

  if (typeof job.raw.uses === 'string') {
    checkUses(where, job.raw.uses, comments.get(where), out);
    return; // a reusable-workflow call: its own file is checked on its own
  }

  const timeout = job.raw['timeout-minutes'];
  if (
    typeof timeout !== 'number' ||
    timeout <= 0 ||
    timeout > MAX_TIMEOUT_MINUTES
  ) {
    out.push(`${where}: needs timeout-minutes (1 to ${MAX_TIMEOUT_MINUTES})`);
  }

  job.steps.forEach((step, index) => {
    const label = stepLabel(job, index, step);
    if (step.uses !== undefined) {
      checkUses(
        label,
        step.uses,
        comments.get(`${where}.steps[${index}]`),
        out,
      );
      if (/^actions\/checkout@/.test(step.uses) && !pushes) {
        const persist = step.with['persist-credentials'];
        if (persist !== false && persist !== 'false') {
          out.push(
            `${label}: checkout must set persist-credentials: false (only a job with contents: write may keep them)`,
          );
        }
      }
      const script = step.with.script;
      if (typeof script === 'string' && script.includes('${{')) {
        out.push(
          `${label}: with.script holds a \${{ }} expression; pass it through env:`,
        );
      }
    }
    if (step.run !== undefined) {
      if (step.run.includes('${{')) {
        out.push(
          `${label}: run: holds a \${{ }} expression; pass it through env: and quote "$VAR"`,
        );
      }
      const shell = effectiveShell(workflow, job, step);
      if (
        !(shell !== undefined && isStrictBash(shell)) &&
        !startsStrict(step.run)
      ) {
        out.push(
          `${label}: run: needs bash with -euo pipefail (defaults.run.shell or set -euo pipefail)`,
        );
      }
    }
  });
}

/**
 * What a workflow file does against the hardening rules of TfPilot's
 * workflows; an empty list when nothing. Rules: least-privilege
 * permissions at the top and per job, actions pinned to commit SHAs with a
 * version comment, no `${{ }}` expression inside scripts, credentials not
 * persisted by checkout, strict bash, a timeout on every job, and no
 * trigger that runs outside code with the repository's secrets.
 */
export function findHardeningViolations(
  text: string,
  options: HardeningOptions = {},
): string[] {
  const allowWrite = options.allowWrite ?? [];
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return doc.errors.map(e => `not valid YAML: ${e.message}`);
  }
  const workflow: unknown = doc.toJS();
  if (!isObject(workflow)) return ['not a workflow: the file is not a mapping'];
  const comments = usesComments(doc, workflow);

  const out: string[] = [];
  for (const trigger of Object.keys(triggersOf(workflow))) {
    if (RISKY_TRIGGERS.includes(trigger)) {
      out.push(
        `on.${trigger}: runs code from outside with the repository's secrets`,
      );
    }
  }
  // The top level grants nothing to write; jobs ask for what they need.
  checkPermissions('permissions', workflow.permissions, [], out);
  const jobs = jobsOf(workflow);
  if (jobs.length === 0) out.push('jobs: none');
  for (const job of jobs) checkJob(workflow, job, comments, allowWrite, out);
  return out;
}
