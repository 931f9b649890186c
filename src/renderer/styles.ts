// CSS for the renderer's shadow roots. VS Code's CSS variables inherit into shadow DOM, so the
// summary and messages follow the theme without re-rendering.
export const RENDERER_CSS = `
:host { display: block; color: var(--vscode-editor-foreground, inherit); font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); }
.xenlat-chart { max-width: 100%; overflow-x: auto; }
.xenlat-chart-title { font-weight: 600; margin: 4px 0; }
.xenlat-chart-actions { display: flex; gap: 6px; margin: 2px 0 6px; }
.xenlat-chart-actions button { font: inherit; font-size: 0.85em; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent); border: 1px solid var(--vscode-contrastBorder, transparent); border-radius: 2px; padding: 1px 8px; cursor: pointer; }
.xenlat-chart-hint { opacity: 0.75; font-size: 0.9em; margin: 2px 0; }
.xenlat-summary { display: inline-block; }
.xenlat-summary-head { display: flex; align-items: center; gap: 8px; margin: 2px 0 4px; }
.xenlat-kind { font-weight: 600; }
.xenlat-title { font-weight: 600; }
.xenlat-kind-note { opacity: 0.7; font-size: 0.9em; margin-left: 0.4em; }
.xenlat-badge { padding: 1px 6px; border-radius: 8px; font-size: 0.9em;
  color: var(--vscode-badge-foreground, #fff); background: var(--vscode-badge-background, #616161);
  border: 1px solid var(--vscode-contrastBorder, transparent); }
.xenlat-cancelled { color: var(--vscode-editorWarning-foreground, #bf8803); background: transparent;
  border-color: var(--vscode-editorWarning-foreground, #bf8803); }
.xenlat-summary table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.xenlat-summary th, .xenlat-summary td { padding: 1px 10px 1px 0; text-align: left; border: none; }
.xenlat-summary th { font-weight: normal; color: var(--vscode-descriptionForeground, inherit); }
.xenlat-summary td { text-align: right; font-family: var(--vscode-editor-font-family, monospace); }
.xenlat-summary table.xenlat-ranking { margin-top: 8px; }
.xenlat-ranking thead th { font-weight: 600; }
.xenlat-ranking td { vertical-align: top; text-align: left; font-family: inherit; }
.xenlat-ranking td:nth-child(4) { text-align: right; font-family: var(--vscode-editor-font-family, monospace); }
.xenlat-verdict-ruled-out { color: var(--vscode-descriptionForeground, inherit); }
.xenlat-ties { margin-top: 6px; }
.xenlat-summary table.xenlat-capture-stages { margin-top: 8px; }
.xenlat-capture-stages thead th { font-weight: 600; }
.xenlat-capture-note { margin-top: 4px; max-width: 60em; }
.xenlat-provenance { margin-top: 4px; color: var(--vscode-descriptionForeground, inherit); font-size: 0.9em; }
.xenlat-error, .xenlat-refused { white-space: pre-wrap; padding: 4px 8px;
  color: var(--vscode-errorForeground, #f14c4c);
  border-left: 3px solid var(--vscode-errorForeground, #f14c4c); }
.xenlat-refused-detail { color: var(--vscode-descriptionForeground, inherit); font-size: 0.9em; }
`;
