// Table cells are left-aligned unless the markdown says otherwise (markdown-it writes the
// column's alignment as a style attribute): numeric summary columns are `--:`, prose is not.
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d1d9e0; --code: #f6f8fa; --err: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d; --code: #151b23; --err: #ff7b72; } }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); max-width: 980px; margin: 2rem auto; padding: 0 1.25rem; }
header { border-bottom: 1px solid var(--border); margin-bottom: 1.5rem; }
header p { color: var(--muted); margin-top: 0; }
section.cell { margin: 1.25rem 0; }
pre { background: var(--code); border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; font-size: 13px; }
.cell-label { color: var(--muted); font-size: 12px; margin-bottom: .25rem; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--border); padding: .25rem .6rem; text-align: left; }
nav.toc { border: 1px solid var(--border); border-radius: 6px; padding: .5rem 1rem; margin-bottom: 1.5rem; font-size: 14px; }
nav.toc ol { margin: .25rem 0; padding-left: 1.25rem; }
nav.toc li { list-style: none; }
nav.toc .toc-l2 { margin-left: 1rem; }
nav.toc .toc-l3 { margin-left: 2rem; font-size: 13px; }
figure { margin: .75rem 0; }
figure img { max-width: 100%; background: #fff; border-radius: 6px; padding: 6px; }
figcaption { color: var(--muted); font-size: 13px; }
pre.error { color: var(--err); }
.provenance { color: var(--muted); font-size: 12px; }
`;
