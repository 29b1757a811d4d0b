import { Worker } from 'node:worker_threads';
import { maxNestingDepth } from './nesting';

/*
 * The HCL parser: HashiCorp's own, compiled to WebAssembly and shipped as
 * `@cdktf/hcl2json`. It runs in a worker thread, started on first use and then
 * reused, because:
 *
 * - a parse blocks the thread it runs on: about 1 ms per KiB of HCL once V8
 *   has optimised the WASM code, up to ten times more in the first second;
 * - deeply nested input (a few hundred levels, or tens of thousands of
 *   unary operators) overflows the stack inside the WASM code; the Go runtime
 *   then dies a little later, and every parse after that hangs or fails. Here
 *   such files are refused up front when a lexical scan can tell, and
 *   otherwise the worker is thrown away and the next parse gets a fresh one;
 * - loading the module sets globals (`fs`, `require`, `Go`), which stay in the
 *   worker.
 */

/** Plain JavaScript: the worker runs it as it is, in any build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const realFs = require('node:fs');
// Sets globalThis.fs and defines globalThis.Go, which hcl2json instantiates.
require(workerData.wasmExec);
// The Go runtime writes its crash reports to fd 2 through globalThis.fs:
// keep them out of the host's terminal.
const quietFs = Object.create(realFs);
quietFs.writeSync = (fd, buf, ...rest) =>
  fd === 1 || fd === 2 ? buf.length : realFs.writeSync(fd, buf, ...rest);
globalThis.fs = quietFs;
// When the Go program stops, stop the worker, so that its owner replaces it.
const Go = globalThis.Go;
globalThis.Go = class extends Go {
  constructor() {
    super();
    this.exit = code => process.exit(code === 0 ? 3 : code);
  }
};
const { parse } = require(workerData.hcl2json);
parentPort.on('message', ({ id, filename, contents }) => {
  parse(filename, contents).then(
    result => parentPort.postMessage({ id, result }),
    error => parentPort.postMessage({
      id,
      error: String((error && error.message) || error),
    }),
  );
});
`;

/**
 * Files nested deeper are refused without parsing: real modules stay under 25
 * levels, and the parser's stack gives out after a few hundred.
 */
export const HCL_MAX_NESTING = 128;

/** How long one file may take before the parser is deemed stuck. */
export const HCL_PARSE_TIMEOUT_MS = 60_000;

/** HCL the parser rejects; the message is one line and names the file. */
export class HclSyntaxError extends Error {
  name = 'HclSyntaxError';
}

/** A parse waiting for its answer. */
interface Request {
  id: number;
  filename: string;
  contents: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Already sent again to a new worker once. */
  retried: boolean;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

const oneLine = (text: string): string =>
  text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * Owns the worker and the parses it has not answered. The worker answers in
 * order, one file at a time, so when it fails or stalls the culprit is the
 * oldest request; the others are sent again to a fresh worker.
 */
class HclParserHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Request>();
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;

  parse(filename: string, contents: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request: Request = {
        id: this.nextId++,
        filename,
        contents,
        resolve,
        reject,
        retried: false,
      };
      this.pending.set(request.id, request);
      this.send(request);
    });
  }

  /** Stops the worker; parses still waiting fail. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const request of [...this.pending.values()]) {
      this.fail(request, 'the HCL parser was stopped');
    }
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        hcl2json: require.resolve('@cdktf/hcl2json'),
        wasmExec: require.resolve('@cdktf/hcl2json/wasm/bridge_wasm_exec.js'),
      },
    });
    // Events of a worker that has been replaced no longer matter.
    worker.on('message', (reply: Reply) => {
      if (worker === this.worker) this.answer(reply);
    });
    worker.on('error', error => {
      if (worker !== this.worker) return;
      const message = error instanceof Error ? error.message : String(error);
      this.lost(`the HCL parser failed: ${oneLine(message)}`);
    });
    worker.on('exit', code => {
      if (worker === this.worker) {
        this.lost(`the HCL parser stopped (exit code ${code})`);
      }
    });
    return worker;
  }

  private send(request: Request): void {
    this.worker ??= this.start();
    // Keeps the process alive only while a parse is under way.
    this.worker.ref();
    this.worker.postMessage({
      id: request.id,
      filename: request.filename,
      contents: request.contents,
    });
    this.watchdog ??= this.armWatchdog();
  }

  private armWatchdog(): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.watchdog = undefined;
      const [oldest] = this.pending.values();
      if (!oldest) return;
      this.fail(
        oldest,
        `the HCL parser did not finish within ${HCL_PARSE_TIMEOUT_MS / 1000} s`,
      );
      this.replaceWorker();
    }, HCL_PARSE_TIMEOUT_MS);
    timer.unref();
    return timer;
  }

  private fail(request: Request, reason: string): void {
    this.pending.delete(request.id);
    request.reject(new HclSyntaxError(`${request.filename}: ${reason}`));
    this.idle();
  }

  /** After each answer: restart the watchdog, or let the process exit. */
  private idle(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    if (this.pending.size > 0) this.watchdog = this.armWatchdog();
    else this.worker?.unref();
  }

  private answer(reply: Reply): void {
    const request = this.pending.get(reply.id);
    if (!request) return;
    if (reply.error === undefined) {
      this.pending.delete(request.id);
      request.resolve(reply.result);
      this.idle();
      return;
    }
    // Diagnostics look like "parse config: [<file>:<line>,<col>-<col>: <summary>; <detail> ...]".
    const diagnostics = /^parse config: \[([\s\S]*)\]$/.exec(reply.error);
    if (diagnostics) {
      const message = oneLine(diagnostics[1]);
      this.pending.delete(request.id);
      request.reject(
        new HclSyntaxError(
          message.startsWith(request.filename)
            ? message
            : `${request.filename}: ${message}`,
        ),
      );
      this.idle();
      return;
    }
    // Anything else (a stack overflow, most often) may have left the Go
    // runtime broken: no other file goes to this worker.
    this.fail(request, `the HCL parser failed: ${oneLine(reply.error)}`);
    this.replaceWorker();
  }

  /** The worker died on its own: whichever file it was on is not known. */
  private lost(reason: string): void {
    this.worker = undefined;
    for (const request of [...this.pending.values()]) {
      if (request.retried) this.fail(request, reason);
    }
    this.replaceWorker();
  }

  /** Throws the worker away and sends what is still waiting to a new one. */
  private replaceWorker(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    for (const request of this.pending.values()) {
      request.retried = true;
      this.send(request);
    }
  }
}

const host = new HclParserHost();

/** Stops the parser's worker thread, if any; the next parse starts a new one. */
export function stopHclParser(): Promise<void> {
  return host.stop();
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses one HCL file into HashiCorp's hcl2json form: blocks become objects
 * keyed by label holding arrays of bodies, constants become JSON, and other
 * expressions the string `"${<expression as written>}"`.
 */
export async function parseHcl(
  filename: string,
  contents: string,
): Promise<Record<string, unknown>> {
  if (maxNestingDepth(contents) > HCL_MAX_NESTING) {
    throw new HclSyntaxError(
      `${filename}: nested more than ${HCL_MAX_NESTING} levels deep`,
    );
  }
  const result = await host.parse(filename, contents);
  if (!isRecord(result)) {
    throw new HclSyntaxError(`${filename}: the parser returned no document`);
  }
  return result;
}
