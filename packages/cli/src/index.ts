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
      process.stderr.write(`tfpilot: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
