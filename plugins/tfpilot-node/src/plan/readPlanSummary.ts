import {
  PlanFormatError,
  PlanSummary,
  summarizePlanJson,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { constants as bufferConstants } from 'node:buffer';
import { Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { summarizePlanStream } from './planStream';

/**
 * Plans of this size or larger are streamed. `JSON.parse` of the whole
 * text costs about 6 times the file size in memory (the bytes, the string,
 * the object tree) and, from about this size up, more time than streaming,
 * which builds only what the summary needs. Below it, whole is quicker: the
 * streaming parser's JIT warm-up (~50 ms) outweighs its speed. Measurements:
 * bench/plan/README.md.
 */
export const DEFAULT_STREAM_THRESHOLD = 8 * 1024 * 1024;

/** Read size when streaming. */
const DEFAULT_CHUNK_SIZE = 1024 * 1024;

/**
 * The longest text V8 can hold (about 512 MiB of one-byte characters); a
 * UTF-8 file no longer than this in bytes always fits.
 */
const MAX_WHOLE_FILE = bufferConstants.MAX_STRING_LENGTH;

export interface ReadPlanSummaryOptions {
  /**
   * Files of this many bytes or more are streamed rather than parsed whole
   * (default {@link DEFAULT_STREAM_THRESHOLD}): 0 always streams, Infinity
   * never does, except for files too large for one JavaScript string.
   */
  streamThreshold?: number;
  /** Bytes per read when streaming (default 1 MiB). */
  chunkSize?: number;
}

/**
 * A plan file could not be read or is not a plan. The message is one line,
 * `<file>: <reason>`, and never quotes the file's content.
 */
export class PlanFileError extends PlanFormatError {
  name = 'PlanFileError';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'no such file or directory (a parent is not a directory)',
  EISDIR: 'is a directory, expected a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Turns a file-system error into a PlanFileError; anything else is rethrown. */
function asFileError(file: string, error: unknown): never {
  if (error instanceof PlanFileError) throw error;
  if (error instanceof PlanFormatError) {
    throw new PlanFileError(file, error.message);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    throw new PlanFileError(
      file,
      FS_REASONS[code] ?? `cannot read the file (${code})`,
    );
  }
  throw error;
}

/**
 * The file, `size` bytes at a time, read into two buffers in turn: the next
 * chunk is read while the parser works on this one, and memory stays at two
 * chunks however fast the parser runs.
 */
async function* readChunks(file: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let next = handle.read(buffers[0], 0, size, null);
  try {
    for (let turn = 1; ; turn ^= 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      next = handle.read(buffers[turn], 0, size, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // Stopped early (an error in the plan): let the read in flight finish.
    await next.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Reads a `terraform show -json` file and summarises it. Files smaller
 * than `streamThreshold` are parsed whole with `JSON.parse`; larger ones
 * (and pipes, whose size is unknown) are streamed through a parser that
 * builds only what the summary needs, so plans of any size, including ones
 * larger than V8's longest string, are summarised in memory proportional
 * to the summary, not the file. Both paths give the same summary.
 *
 * Every failure is a PlanFileError naming the file.
 */
export async function readPlanSummary(
  file: string,
  options: ReadPlanSummaryOptions = {},
): Promise<PlanSummary> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    return asFileError(file, error);
  }
  if (info.isDirectory()) {
    throw new PlanFileError(file, FS_REASONS.EISDIR);
  }
  const whole =
    info.isFile() &&
    info.size < (options.streamThreshold ?? DEFAULT_STREAM_THRESHOLD) &&
    info.size <= MAX_WHOLE_FILE;
  try {
    if (whole) {
      return summarizePlanJson(await readFile(file, 'utf8'));
    }
    return await summarizePlanStream(
      readChunks(file, options.chunkSize ?? DEFAULT_CHUNK_SIZE),
    );
  } catch (error) {
    return asFileError(file, error);
  }
}
