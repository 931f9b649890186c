import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { t, tr, useBundle } from '../l10n';
import { localeFromEnv, readBundle } from '../l10n/node-bundle';
import { WorkerCellRunner } from '../runner/worker-runner';
import { XENLAT_VERSION } from '../version';
import { checkCommand } from './commands/check';
import { execCommand } from './commands/exec';
import { runCommand } from './commands/run';
import { exportCommand } from './commands/export';
import { CliError } from './notebook-io';
import { USAGE } from './usage';

async function main(argv: string[]): Promise<number> {
  // Messages follow the locale, as other command-line tools do (LANG=zh_CN.UTF-8 xenlat ...).
  const locale = localeFromEnv();
  useBundle(readBundle(path.join(__dirname, 'l10n'), locale), locale);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      param: { type: 'string', multiple: true },
      html: { type: 'string' },
      md: { type: 'string' },
      trace: { type: 'string' },
      csv: { type: 'string' },
      ipynb: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) {
    console.log(XENLAT_VERSION);
    return 0;
  }
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(tr(USAGE));
    return command || values.help ? 0 : 2;
  }
  const stdout = (line: string) => process.stdout.write(line + '\n');
  const stderr = (line: string) => process.stderr.write(line + '\n');
  /** `problem`: the whole sentence saying what was expected. */
  const need = (n: number, problem: string) => {
    if (args.length !== n) throw new CliError(`${problem}\n\n${tr(USAGE)}`);
  };
  // First Ctrl+C cancels the running cell (its partial result is kept); a second one exits.
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    stderr(t('interrupted: cancelling (press Ctrl+C again to quit at once)'));
    abort.abort();
  });
  switch (command) {
    case 'run': {
      need(1, t('xenlat {0}: expected a notebook', command));
      const runner = new WorkerCellRunner();
      try {
        return await runCommand(args[0], { out: values.out, params: values.param, json: values.json, signal: abort.signal, runner, stdout, stderr });
      } finally {
        runner.dispose();
      }
    }
    case 'check':
      need(1, t('xenlat {0}: expected a notebook', command));
      return checkCommand(args[0], stdout);
    case 'exec': {
      need(2, t('xenlat {0}: expected a cell language and a spec file', command));
      const runner = new WorkerCellRunner();
      try {
        return await execCommand(args[0], args[1], { json: values.json, signal: abort.signal, runner, stdout, stderr });
      } finally {
        runner.dispose();
      }
    }
    case 'export': {
      need(1, t('xenlat {0}: expected a notebook', command));
      return exportCommand(args[0], { html: values.html, md: values.md, trace: values.trace, csv: values.csv, ipynb: values.ipynb }, stderr);
    }
    default:
      throw new CliError(`${t('xenlat: unknown command "{0}"', command)}\n\n${tr(USAGE)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(err.message + '\n');
      process.exitCode = err.exitCode;
    } else if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${err.message}\n\n${tr(USAGE)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`xenlat: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
