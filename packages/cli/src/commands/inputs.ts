import { readFile, stat } from 'node:fs/promises';

/** Bad input: the CLI prints one line naming the file and exits 2. */
export class InputFileError extends Error {
  constructor(readonly file: string, message: string) {
    // Some parsers already start with the path (e.g. `dir/main.tf:1,14: …`).
    super(message.startsWith(file) ? message : `${file}: ${message}`);
  }
}

const FORMAT_ERRORS = new Set([
  'PlanFormatError',
  'PlanFileError',
  'CostFormatError',
  'ModuleFormatError',
  'ZodError',
  'SyntaxError',
]);

const firstLine = (text: string) => text.split('\n')[0].trim();

/** Turns a parser's complaint about a file into an InputFileError; rethrows bugs. */
export function asInputError(file: string, error: unknown): never {
  if (error instanceof InputFileError) throw error;
  const e = error as { name?: string; message?: string; code?: string };
  if (e.code === 'ENOENT')
    throw new InputFileError(file, 'no such file or directory');
  if (e.code === 'EISDIR')
    throw new InputFileError(file, 'is a directory, expected a file');
  if (e.code === 'ENOTDIR')
    throw new InputFileError(file, 'is not a directory');
  if (e.code === 'EACCES') throw new InputFileError(file, 'permission denied');
  if (e.name && FORMAT_ERRORS.has(e.name)) {
    throw new InputFileError(file, firstLine(e.message ?? 'invalid'));
  }
  throw error;
}

/** Reads a whole text file, with errors that name it. */
export async function readInputFile(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new InputFileError(file, 'is a directory, expected a file');
    return await readFile(file, 'utf8');
  } catch (error) {
    return asInputError(file, error);
  }
}

/** Parses JSON, with an error that names the file and the position, not the content. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new InputFileError(
      file,
      `not valid JSON${position ? ` (at character ${position})` : ''}`,
    );
  }
}

export type OutputFormat = 'text' | 'json' | 'markdown';

export function outputFormat(options: {
  json?: boolean;
  markdown?: boolean;
}): OutputFormat {
  if (options.json && options.markdown) {
    throw new InputFileError('--json/--markdown', 'choose one output format');
  }
  if (options.json) return 'json';
  return options.markdown ? 'markdown' : 'text';
}
