// What a spec's `${name}` references mean for its checking. A name the notebook does not declare is
// an error naming it (left as text it would fail later as a type error far from the cause), except
// on a key that reads the environment (a probe's `target: ${XENLAT_MEMCACHED:-...}`). A declared
// parameter without a default has its value given at run time: `xenlat check` and the editor say
// so and check the rest of the spec, instead of flagging the reference text as a bad value.
import { findReferences, readParameters, withDefaults, type NotebookParameter, type ParameterReference } from '../../format/parameters';
import { t } from '../../l10n';
import type { CellKind, SpecDiagnostic } from '../types';
import { didYouMean } from './did-you-mean';

const rangeOf = (r: ParameterReference) => ({ startLine: r.line, startCol: r.startCol, endLine: r.line, endCol: r.endCol });
const written = (name: string, fallback: string | undefined) => `\${${name}${fallback !== undefined ? `:-${fallback}` : ''}}`;

/** An error for each `${name}` that names no declared parameter, outside keys that read the environment. */
export function undeclaredReferences(source: string, declared: readonly string[], environmentKeys: readonly string[] = []): SpecDiagnostic[] {
  const names = new Set(declared);
  return findReferences(source)
    .filter((r) => !names.has(r.name) && !(r.key !== undefined && environmentKeys.includes(r.key)))
    .map((r) => {
      const ref = '`' + written(r.name, r.fallback) + '`';
      const message = declared.length
        ? t('{0} names no declared parameter; declared: {1}', ref, declared.join(', '))
        : t('{0} names no declared parameter; the notebook declares none (metadata.parameters)', ref);
      const suggestion = didYouMean(r.name, declared);
      return {
        severity: 'error' as const,
        message,
        path: r.key ?? '',
        range: rangeOf(r),
        ...(suggestion ? { fix: { title: t('Change to "{0}"', suggestion), replacement: written(suggestion, r.fallback) } } : {}),
      };
    });
}

/**
 * The diagnostics of a notebook cell's spec, as the editor and `xenlat check` show them: checked
 * with the declared defaults put in; a reference to a parameter without a default is a note, and
 * what the check says about the value it stands in is left out (the value is not known yet).
 */
export function checkWithParameters(kind: CellKind, source: string, metadata: Record<string, unknown>): SpecDiagnostic[] {
  let declared: NotebookParameter[];
  try {
    declared = readParameters(metadata);
  } catch {
    // The declaration itself is reported on its own; the spec is checked as written.
    return kind.validate(source);
  }
  const undeclared = undeclaredReferences(source, declared.map((p) => p.name), kind.environmentKeys);
  const withoutDefault = new Set(declared.filter((p) => p.default === undefined).map((p) => p.name));
  const atRunTime = findReferences(source).filter((r) => withoutDefault.has(r.name) && r.fallback === undefined);
  const notes: SpecDiagnostic[] = atRunTime.map((r) => ({
    severity: 'info',
    message: t('{0} is given at run time (the parameter "{1}" has no default): its value is checked when the cell runs', '`' + written(r.name, r.fallback) + '`', r.name),
    path: r.key ?? '',
    range: rangeOf(r),
  }));
  // Before the first reference on a line the text is unchanged by putting defaults in, so a
  // diagnostic that ends there (the key) still stands; one reaching into the value is about the
  // reference's text.
  const firstRef = new Map<number, number>();
  for (const r of [...undeclared.map((d) => ({ line: d.range.startLine, startCol: d.range.startCol })), ...atRunTime]) {
    firstRef.set(r.line, Math.min(firstRef.get(r.line) ?? Infinity, r.startCol));
  }
  const stands = (d: SpecDiagnostic) => {
    const col = firstRef.get(d.range.startLine);
    return col === undefined || (d.range.endLine === d.range.startLine && d.range.endCol <= col);
  };
  const checked = kind.validate(withDefaults(source, metadata)).filter(stands);
  if (!undeclared.length && !notes.length) return checked;
  return [...undeclared, ...notes, ...checked].sort((a, b) => a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol);
}
