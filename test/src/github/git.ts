import { createHash } from 'node:crypto';

/** A commit of the simulated repository: a full snapshot of its files. */
export interface Commit {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  date: string;
  files: ReadonlyMap<string, Buffer>;
}

/** What a pull request changes, as GitHub reports it. */
export interface DiffStats {
  changedFiles: number;
  additions: number;
  deletions: number;
  commits: number;
}

function sha1(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Git's own object id of a blob, so `sha` values match what git would say. */
export function blobSha(content: Buffer): string {
  return sha1(
    Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]),
  );
}

function treeShaOf(files: ReadonlyMap<string, Buffer>): string {
  const entries = [...files.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => `${path} ${blobSha(content)}`);
  return sha1(`tree\n${entries.join('\n')}`);
}

function lineCount(content: Buffer | undefined): number {
  if (!content || content.length === 0) return 0;
  return content.toString('utf8').split('\n').length;
}

/** Branches and commits of one repository, kept in memory. */
export class GitStore {
  readonly #commits = new Map<string, Commit>();
  readonly #branches = new Map<string, string>();
  #counter = 0;

  constructor(
    baseBranch: string,
    files: Record<string, string | Buffer>,
    date: string,
  ) {
    const snapshot = new Map(
      Object.entries(files).map(([path, c]) => [path, Buffer.from(c)]),
    );
    const root = this.#store(snapshot, [], 'Initial commit', date);
    this.#branches.set(baseBranch, root.sha);
  }

  #store(
    files: ReadonlyMap<string, Buffer>,
    parents: string[],
    message: string,
    date: string,
  ): Commit {
    const treeSha = treeShaOf(files);
    this.#counter += 1;
    const sha = sha1(
      `commit ${treeSha}\n${parents.join(' ')}\n${date}\n${
        this.#counter
      }\n${message}`,
    );
    const commit: Commit = { sha, treeSha, parents, message, date, files };
    this.#commits.set(sha, commit);
    return commit;
  }

  head(branch: string): string | undefined {
    return this.#branches.get(branch);
  }

  branchNames(): string[] {
    return [...this.#branches.keys()];
  }

  commit(sha: string): Commit | undefined {
    return this.#commits.get(sha);
  }

  /** A branch name or a commit sha, as `?ref=` accepts. */
  resolve(ref: string): Commit | undefined {
    const sha = this.#branches.get(ref) ?? ref;
    return this.#commits.get(sha);
  }

  createBranch(name: string, sha: string): void {
    this.#branches.set(name, sha);
  }

  deleteBranch(name: string): boolean {
    return this.#branches.delete(name);
  }

  /** Commits one file on a branch and moves the branch to the new commit. */
  writeFile(
    branch: string,
    path: string,
    content: Buffer,
    message: string,
    date: string,
  ): Commit {
    const parent = this.#requireHead(branch);
    const files = new Map(parent.files);
    files.set(path, content);
    const commit = this.#store(files, [parent.sha], message, date);
    this.#branches.set(branch, commit.sha);
    return commit;
  }

  /** A merge commit on `base` whose files are base's overlaid with head's changes. */
  merge(base: string, head: string, message: string, date: string): Commit {
    const baseCommit = this.#requireHead(base);
    const headCommit = this.#requireHead(head);
    const ancestor = this.#mergeBase(baseCommit.sha, headCommit.sha);
    const files = new Map(baseCommit.files);
    for (const [path, content] of headCommit.files) {
      if (!ancestor?.files.get(path)?.equals(content)) files.set(path, content);
    }
    const parents = [baseCommit.sha, headCommit.sha];
    const commit = this.#store(files, parents, message, date);
    this.#branches.set(base, commit.sha);
    return commit;
  }

  #requireHead(branch: string): Commit {
    const sha = this.#branches.get(branch);
    const commit = sha ? this.#commits.get(sha) : undefined;
    if (!commit) throw new Error(`no branch ${branch}`);
    return commit;
  }

  #ancestors(sha: string): string[] {
    const seen: string[] = [];
    const pending = [sha];
    while (pending.length > 0) {
      const next = pending.shift()!;
      if (seen.includes(next)) continue;
      seen.push(next);
      pending.push(...(this.#commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  #mergeBase(a: string, b: string): Commit | undefined {
    const ofA = new Set(this.#ancestors(a));
    const common = this.#ancestors(b).find(sha => ofA.has(sha));
    return common ? this.#commits.get(common) : undefined;
  }

  /** Commits reachable from head but not from base, as `git log base..head`. */
  commitsAhead(baseSha: string, headSha: string): number {
    const ofBase = new Set(this.#ancestors(baseSha));
    return this.#ancestors(headSha).filter(sha => !ofBase.has(sha)).length;
  }

  /** What head changes relative to its merge base with base. */
  diff(baseSha: string, headSha: string): DiffStats {
    const head = this.#commits.get(headSha);
    const ancestor = this.#mergeBase(baseSha, headSha);
    const stats: DiffStats = {
      changedFiles: 0,
      additions: 0,
      deletions: 0,
      commits: this.commitsAhead(baseSha, headSha),
    };
    for (const [path, content] of head?.files ?? []) {
      const before = ancestor?.files.get(path);
      if (before?.equals(content)) continue;
      stats.changedFiles += 1;
      stats.additions += lineCount(content);
      stats.deletions += lineCount(before);
    }
    return stats;
  }
}
