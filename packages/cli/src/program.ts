import { Command, CommanderError } from 'commander';
import { checkHealth, CliError, DEFAULT_BACKEND_URL } from './commands/health';

/** Where the program writes; injectable so tests read what a person would see. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`),
};

export function createProgram(io: Io = processIo): Command {
  const program = new Command('tfpilot')
    .description(
      'Plan summaries, cost diffs, module inspection and pull-request comments for Terraform / OpenTofu',
    )
    .version(readVersion())
    .exitOverride()
    .configureOutput({
      writeOut: text => io.out(text.trimEnd()),
      writeErr: text => io.err(text.trimEnd()),
    });

  program
    .command('health')
    .description('Check that a TfPilot backend is up')
    .option('--url <url>', 'backend base URL', DEFAULT_BACKEND_URL)
    .option('--json', 'print the machine-readable answer')
    .action(async (options: { url: string; json?: boolean }) => {
      const health = await checkHealth(options.url);
      io.out(
        options.json
          ? JSON.stringify(health)
          : `TfPilot backend at ${new URL(options.url).origin} is ${
              health.status
            }`,
      );
    });

  return program;
}

function readVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}

/** Runs the CLI; returns the exit code instead of exiting, for tests. */
export async function runCli(
  argv: string[],
  io: Io = processIo,
): Promise<number> {
  try {
    await createProgram(io).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a CommanderError whose exitCode is 0.
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.err(`tfpilot: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
