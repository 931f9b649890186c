// Plain text helpers for hover and completion documentation (no vscode import: tested on Node).

/**
 * Hyphens inside words become non-breaking (U+2011): the hover widget wrapped "CPU-bound" after
 * the hyphen, which reads as two words.
 */
export function keepWordsWhole(text: string): string {
  return text.replace(/(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, '\u2011');
}

/** Docs that may be opened from a hover: files shipped in the VSIX, with an optional heading anchor. */
export const DOCS_LINK = /^(docs\/[\w-]+\.md|README\.md)(#[\w-]+)?$/;

export const OPEN_DOCS_COMMAND = 'xenlat.openDocs';

/** A `command:` link that opens a shipped doc at a section inside the editor. */
export function docsCommandLink(docs: string): { label: string; uri: string } | undefined {
  if (!DOCS_LINK.test(docs)) return undefined;
  const [file, anchor] = docs.split('#');
  const section = anchor ? ` › ${anchor.replace(/-/g, ' ')}` : '';
  return { label: `${file}${section}`, uri: `command:${OPEN_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([docs]))}` };
}
