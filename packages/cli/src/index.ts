/**
 * The `tfpilot` command line.
 *
 * @packageDocumentation
 */
import { runCli } from './program';

export { createProgram, runCli } from './program';
export type { Io } from './program';
export { checkHealth } from './commands/health';

/** Entry point of bin/tfpilot. */
export function run(argv: string[]): void {
  runCli(argv).then(
    code => {
      process.exitCode = code;
    },
    error => {
      // A bug, not bad input: say so in one line; the stack only on request.
      const detail = process.env.TFPILOT_DEBUG
        ? (error as Error).stack
        : (error as Error).message;
      process.stderr.write(`tfpilot: internal error: ${detail}\n`);
      process.exitCode = 70;
    },
  );
}
