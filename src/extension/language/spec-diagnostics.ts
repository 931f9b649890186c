// Live diagnostics for Xenlat cell specs: validates cells of the Xenlat cell languages when
// opened, ~200 ms after each edit (per document), and clears them when the cell closes/leaves.
import * as vscode from 'vscode';
import { checkWithParameters } from '../../cells/spec/parameters';
import { t } from '../../l10n';
import type { CellKind, SpecDiagnostic, SpecFix } from '../../cells/types';

export const DIAGNOSTIC_SOURCE = 'xenlat';
const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
const NOTEBOOK_TYPE = 'xenlat';

function toSeverity(s: SpecDiagnostic['severity']): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

function clampInt(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** Maps a SpecDiagnostic (0-based range) to a vscode.Diagnostic, clamped to the document. */
export function toVscodeDiagnostic(d: SpecDiagnostic, doc?: vscode.TextDocument): vscode.Diagnostic {
  const r = d.range ?? { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };
  let start = new vscode.Position(clampInt(r.startLine), clampInt(r.startCol));
  let end = new vscode.Position(clampInt(r.endLine), clampInt(r.endCol));
  if (end.isBefore(start)) end = start;
  if (doc) {
    start = doc.validatePosition(start);
    end = doc.validatePosition(end);
  }
  let range = new vscode.Range(start, end);
  // An empty range at a line start is hard to see: widen it to the rest of the line.
  if (range.isEmpty && doc && start.line < doc.lineCount) {
    const lineEnd = doc.lineAt(start.line).range.end;
    if (lineEnd.isAfter(start)) range = new vscode.Range(start, lineEnd);
  }
  const diag = new vscode.Diagnostic(range, d.message, toSeverity(d.severity));
  diag.source = DIAGNOSTIC_SOURCE;
  if (d.path) diag.code = d.path;
  return diag;
}

export class SpecDiagnostics implements vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Quick fixes of the current diagnostics, per cell document, matched back by range and message. */
  private readonly fixes = new Map<string, { diagnostic: vscode.Diagnostic; fix: SpecFix }[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly languages: Set<string>;

  constructor(
    private readonly getKind: (language: string) => CellKind | undefined,
    languages: readonly string[],
    private readonly debounceMs = 200,
  ) {
    this.languages = new Set(languages);
    this.collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.validateNow(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.validateNotebook(nb)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => {
        for (const cell of nb.getCells()) this.clear(cell.document.uri);
      }),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        for (const change of e.contentChanges) {
          for (const cell of change.removedCells) this.clear(cell.document.uri);
          for (const cell of change.addedCells) this.validateNow(cell.document);
        }
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.validateNow(doc);
  }

  /** True for a cell of a Xenlat language in a Xenlat notebook (or a cell whose notebook is not known yet). */
  isSpecDocument(doc: vscode.TextDocument): boolean {
    return this.isSpecLanguageCell(doc) && inXenlatNotebook(this.notebookOf(doc));
  }

  /** The cheap half of isSpecDocument, asked first: most documents are not Xenlat cells. */
  private isSpecLanguageCell(doc: vscode.TextDocument): boolean {
    return this.languages.has(doc.languageId) && doc.uri.scheme === NOTEBOOK_CELL_SCHEME;
  }

  private notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
    const key = doc.uri.toString();
    return vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document.uri.toString() === key));
  }

  private validateNotebook(nb: vscode.NotebookDocument): void {
    if (nb.notebookType !== NOTEBOOK_TYPE) return;
    for (const cell of nb.getCells()) this.validateNow(cell.document);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    if (!this.isSpecDocument(doc)) {
      this.timers.delete(key);
      if (this.collection.has(doc.uri)) this.collection.delete(doc.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.validateNow(doc);
      }, this.debounceMs),
    );
  }

  /** Validates one document now (no-op for documents that are not Xenlat cell specs). */
  validateNow(doc: vscode.TextDocument): void {
    if (!this.isSpecLanguageCell(doc)) return;
    // Found once: finding a cell's notebook searches every cell of every open notebook.
    const nb = this.notebookOf(doc);
    if (!inXenlatNotebook(nb)) return;
    const kind = this.getKind(doc.languageId);
    if (!kind) {
      this.collection.delete(doc.uri);
      return;
    }
    let specDiags: SpecDiagnostic[];
    try {
      // A spec using the notebook's parameters is checked with their defaults put in, as `xenlat check` does.
      specDiags = checkWithParameters(kind, doc.getText(), nb?.metadata ?? {});
    } catch (err) {
      specDiags = [
        {
          severity: 'error',
          message: t('Xenlat could not check this spec: {0}', err instanceof Error ? err.message : String(err)),
          path: '',
          range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 },
        },
      ];
    }
    const diagnostics = specDiags.map((d) => ({ spec: d, diagnostic: toVscodeDiagnostic(d, doc) }));
    this.fixes.set(doc.uri.toString(), diagnostics.flatMap((d) => (d.spec.fix ? [{ diagnostic: d.diagnostic, fix: d.spec.fix }] : [])));
    this.collection.set(
      doc.uri,
      diagnostics.map((d) => d.diagnostic),
    );
  }

  /** The quick fix for a diagnostic this collection published (the editor hands back copies). */
  fixFor(uri: vscode.Uri, d: vscode.Diagnostic): SpecFix | undefined {
    return this.fixes.get(uri.toString())?.find((f) => f.diagnostic.range.isEqual(d.range) && f.diagnostic.message === d.message)?.fix;
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.fixes.delete(key);
    const pending = this.timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** A Xenlat notebook, or a cell whose notebook is not known yet (given the benefit of the doubt). */
function inXenlatNotebook(nb: vscode.NotebookDocument | undefined): boolean {
  return nb === undefined || nb.notebookType === NOTEBOOK_TYPE;
}
