import { Command, CommanderError } from 'commander';
import {
  comment,
  costDiff,
  moduleInspect,
  planSummarize,
} from './commands/analysis';
import { checkHealth, CliError, DEFAULT_BACKEND_URL } from './commands/health';
import { InputFileError, outputFormat } from './commands/inputs';

type FormatOptions = { json?: boolean; markdown?: boolean };

/** Adds the shared --json / --markdown switches. */
function withFormats(command: Command): Command {
  return command
    .option('--json', 'print the machine-readable form')
    .option('--markdown', 'print GitHub-flavoured markdown');
}

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

  const plan = program
    .command('plan')
    .description('Understand Terraform / OpenTofu plans');
  withFormats(
    plan
      .command('summarize')
      .description(
        'Summarize `terraform show -json` / `tofu show -json` output',
      )
      .argument('<plan.json>', 'plan in JSON form'),
  ).action(async (file: string, options: FormatOptions) => {
    io.out(await planSummarize(file, outputFormat(options)));
  });

  const cost = program
    .command('cost')
    .description('Understand infracost output');
  withFormats(
    cost
      .command('diff')
      .description('Summarize `infracost breakdown|diff --format json` output')
      .argument('<infracost.json>', 'infracost JSON output'),
  ).action(async (file: string, options: FormatOptions) => {
    io.out(await costDiff(file, outputFormat(options)));
  });

  const module = program
    .command('module')
    .description('Understand Terraform modules');
  withFormats(
    module
      .command('inspect')
      .description("List a module's variables, outputs and providers")
      .argument('<dir>', 'module directory'),
  ).action(async (dir: string, options: FormatOptions) => {
    io.out(await moduleInspect(dir, outputFormat(options)));
  });

  program
    .command('comment')
    .description('Render the pull-request comment for a plan')
    .requiredOption('--plan <plan.json>', 'plan in JSON form')
    .option('--cost <infracost.json>', 'infracost JSON output')
    .option('--policy <results.json>', 'policy results')
    .option('--title <title>', 'heading, e.g. the request or environment')
    .action(
      async (options: {
        plan: string;
        cost?: string;
        policy?: string;
        title?: string;
      }) => {
        io.out(await comment(options));
      },
    );

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
    if (error instanceof InputFileError) {
      io.err(`tfpilot: ${error.message}`);
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`tfpilot: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
