import { spawn } from 'node:child_process';

/** Keeps the last `capacity` bytes written to it. */
export class TailBuffer {
  readonly #capacity: number;
  #chunks: Buffer[] = [];
  #length = 0;
  #truncated = false;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length > this.#capacity * 2) {
      this.#compact();
    }
  }

  /** Whether earlier bytes were dropped. */
  get truncated(): boolean {
    this.#compact();
    return this.#truncated;
  }

  toBuffer(): Buffer {
    this.#compact();
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  #compact(): void {
    if (this.#chunks.length <= 1 && this.#length <= this.#capacity) {
      return;
    }
    const all = Buffer.concat(this.#chunks);
    const start = Math.max(0, all.length - this.#capacity);
    if (start > 0) {
      this.#truncated = true;
    }
    // Copy, so the dropped bytes can be collected.
    const kept = Buffer.from(all.subarray(start));
    this.#chunks = [kept];
    this.#length = kept.length;
  }
}

export interface RunCommandOptions {
  /** Absolute path of the program; run directly, never through a shell. */
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** After this long the process (and its process group) is stopped. */
  timeoutMs: number;
  /** Stops the process early, e.g. when the backend shuts down. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when stopping. */
  killGraceMs?: number;
  /** How much of the end of stderr (and of stdout, unless kept whole) to keep. */
  tailBytes?: number;
  /**
   * Keep stdout whole, up to this many bytes (for `show -json`). When it
   * is larger, `stdoutOverflow` is set and stdout is not kept.
   */
  fullStdoutMaxBytes?: number;
}

export interface RunCommandResult {
  /** Exit code, or null when the process ended by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the process was stopped by us, if it was. */
  stopped?: 'timeout' | 'aborted';
  /** Set when the process could not be started at all. */
  spawnError?: Error;
  stdout: Buffer;
  stdoutOverflow: boolean;
  stderr: Buffer;
  stderrTruncated: boolean;
}

const DEFAULT_TAIL_BYTES = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 10_000;
/** How long to wait for the streams to close once SIGKILL was sent. */
const AFTER_KILL_WAIT_MS = 5_000;

/**
 * Runs a program with an argument array, capturing the tail of its output.
 * Never rejects: every outcome is described by the result.
 */
export function runCommand(
  options: RunCommandOptions,
): Promise<RunCommandResult> {
  const {
    file,
    args,
    cwd,
    env,
    timeoutMs,
    signal,
    killGraceMs = DEFAULT_KILL_GRACE_MS,
    tailBytes = DEFAULT_TAIL_BYTES,
    fullStdoutMaxBytes,
  } = options;

  const stderr = new TailBuffer(tailBytes);
  const stdoutTail = new TailBuffer(tailBytes);
  const stdoutChunks: Buffer[] = [];
  let stdoutLength = 0;
  let stdoutOverflow = false;

  const stdoutResult = (): Buffer => {
    if (fullStdoutMaxBytes === undefined) {
      return stdoutTail.toBuffer();
    }
    return stdoutOverflow ? Buffer.alloc(0) : Buffer.concat(stdoutChunks);
  };

  return new Promise<RunCommandResult>(resolve => {
    // Its own process group on POSIX, so a timeout stops the program's children too.
    const detached = process.platform !== 'win32';
    let stopped: RunCommandResult['stopped'];
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const child = spawn(file, [...args], {
      cwd,
      env,
      shell: false,
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });

    const finish = (
      result: Pick<RunCommandResult, 'exitCode' | 'signal' | 'spawnError'>,
    ) => {
      if (settled) {
        return;
      }
      settled = true;
      timers.forEach(clearTimeout);
      signal?.removeEventListener('abort', onAbort);
      resolve({
        ...result,
        stopped,
        stdout: stdoutResult(),
        stdoutOverflow,
        stderr: stderr.toBuffer(),
        stderrTruncated: stderr.truncated,
      });
    };

    const kill = (sig: NodeJS.Signals) => {
      try {
        if (detached && child.pid !== undefined) {
          process.kill(-child.pid, sig);
        } else {
          child.kill(sig);
        }
      } catch {
        // Already gone.
      }
    };

    const stop = (reason: 'timeout' | 'aborted') => {
      if (settled || stopped) {
        return;
      }
      stopped = reason;
      kill('SIGTERM');
      timers.push(
        setTimeout(() => {
          kill('SIGKILL');
          timers.push(
            setTimeout(() => {
              // Something still holds the pipes open: give up waiting on them.
              child.stdout?.destroy();
              child.stderr?.destroy();
              finish({ exitCode: null, signal: 'SIGKILL' });
            }, AFTER_KILL_WAIT_MS),
          );
        }, killGraceMs),
      );
    };

    function onAbort() {
      stop('aborted');
    }

    child.stdout?.on('data', (chunk: Buffer) => {
      if (fullStdoutMaxBytes === undefined) {
        stdoutTail.push(chunk);
        return;
      }
      if (stdoutOverflow) {
        return;
      }
      stdoutLength += chunk.length;
      if (stdoutLength > fullStdoutMaxBytes) {
        stdoutOverflow = true;
        stdoutChunks.length = 0;
      } else {
        stdoutChunks.push(chunk);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

    child.on('error', error => {
      // Failed to start (or to be signalled); when it never started there is no 'close'.
      if (child.pid === undefined) {
        finish({ exitCode: null, signal: null, spawnError: error });
      }
    });
    child.on('close', (code, sig) => {
      finish({ exitCode: code, signal: sig });
    });

    timers.push(setTimeout(() => stop('timeout'), timeoutMs));
    if (signal) {
      if (signal.aborted) {
        stop('aborted');
      } else {
        signal.addEventListener('abort', onAbort, { once: true });
      }
    }
  });
}
