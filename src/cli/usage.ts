import { msg } from '../l10n';

// The English text; shown with tr(USAGE), in the locale's language.
export const USAGE = msg(`Usage: xenlat <command> [options]

Commands:
  run <notebook> [--out <file>] [--json] [--param name=value]...
                                           Run every code cell in order and save the outputs
                                           into the notebook (or --out). --json prints one
                                           JSON line per cell to stdout. --param sets one of
                                           the notebook's parameters (metadata.parameters),
                                           used in specs as \${name}.
  check <notebook>                         Validate the file and every cell spec; prints
                                           file:line:col: message lines.
  exec <language> <spec.yaml> [--json]     Run one cell spec and print its result object.
  export <notebook> [--html <file>] [--md <dir>] [--trace <file.json>] [--csv <dir>]
         [--ipynb <file>]                  Export the stored results (at least one form):
                                           --html a self-contained report; --md README.md
                                           with SVG charts beside it; --trace a Chrome/Perfetto
                                           JSON trace; --csv samples and per-request tables;
                                           --ipynb a Jupyter notebook (nbformat 4.5).

Options:
  -h, --help       Show this help.
  -v, --version    Print the version.

Exit status: 0 when everything succeeded, 1 when a cell failed or a check found problems,
2 for usage errors or an unreadable notebook, 130 when interrupted.`);
