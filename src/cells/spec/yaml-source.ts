import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { t } from '../../l10n';
import type { SourceRange, SpecDiagnostic } from '../types';

/** A cell's YAML source parsed with enough bookkeeping to point diagnostics at lines/columns. */
export interface SpecSource {
  source: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** YAML syntax errors and warnings, already positioned. */
  diagnostics: SpecDiagnostic[];
}

export function parseSpecSource(source: string): SpecSource {
  const lineCounter = new LineCounter();
  // prettyErrors off: messages stay one line; the position goes into the diagnostic's range.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: SpecDiagnostic[] = [];
  for (const [list, severity] of [
    [doc.errors, 'error'],
    [doc.warnings, 'warning'],
  ] as const) {
    for (const e of list) {
      let [start, end] = e.pos;
      // Errors found at end of input (an unclosed quote or bracket) go on the last written
      // character, where the squiggle is visible, rather than on an empty trailing line.
      const written = source.trimEnd().length;
      if (start >= written && written > 0) {
        start = written - 1;
        end = written;
      }
      if (e.code === 'DUPLICATE_KEY') {
        // yaml marks one character; underline the whole repeated key.
        const word = /^[^\s:#]+/.exec(source.slice(start));
        if (word) end = start + word[0].length;
      }
      diagnostics.push({
        severity,
        message: t('YAML: {0}', yamlMessage(e.code, e.message)),
        path: '',
        range: offsetRange(lineCounter, start, Math.max(end, start + 1), source),
      });
    }
  }
  return { source, doc, lineCounter, diagnostics };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return t('{0} (this key appears more than once)', first);
  return first;
}

/** 0-based range of source offsets [start, end). */
export function offsetRange(lc: LineCounter, start: number, end: number, source?: string): SourceRange {
  if (source !== undefined) {
    start = Math.min(start, source.length);
    end = Math.min(Math.max(end, start), source.length);
  }
  const a = lc.linePos(start);
  const b = lc.linePos(end);
  return { startLine: a.line - 1, startCol: a.col - 1, endLine: b.line - 1, endCol: b.col - 1 };
}

/** Range of a node's value (without trailing comments/whitespace). */
export function nodeRange(spec: SpecSource, node: YamlNode | null | undefined): SourceRange | undefined {
  if (!node || !node.range) return undefined;
  const [start, valueEnd] = node.range;
  return offsetRange(spec.lineCounter, start, valueEnd, spec.source);
}

/** The first line of the source, where "missing key" diagnostics go when there is no better place. */
export function documentStartRange(source: string): SourceRange {
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  return { startLine: 0, startCol: 0, endLine: 0, endCol: firstLine.length };
}
