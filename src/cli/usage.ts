export const USAGE = `Usage: xenlat <command> [options]

Commands:
  run <notebook> [--out <file>] [--json]   Run every code cell in order and save the outputs
                                           into the notebook (or --out). --json prints one
                                           JSON line per cell to stdout.
  check <notebook>                         Validate the file and every cell spec; prints
                                           file:line:col: message lines.
  exec <language> <spec.yaml> [--json]     Run one cell spec and print its result object.
  export <notebook> --html <file>          Write a self-contained HTML report.

Options:
  -h, --help       Show this help.
  -v, --version    Print the version.

Exit status: 0 when everything succeeded, 1 when a cell failed or a check found problems,
2 for usage errors or an unreadable notebook, 130 when interrupted.`;
