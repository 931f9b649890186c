// Output item MIME types. Custom types sort before the built-in ones in VS Code's default
// display order, so the Xenlat renderer is chosen while the SVG/markdown stay as fallbacks.
export const MIME_RESULT = 'application/vnd.xenlat.result+json';
export const MIME_CHART = 'application/vnd.xenlat.chart+json';
export const MIME_SVG = 'image/svg+xml';
export const MIME_MARKDOWN = 'text/markdown';
export const MIME_TEXT = 'text/plain';
export const MIME_ERROR = 'application/vnd.code.notebook.error';
export const MIME_STDOUT = 'application/vnd.code.notebook.stdout';
export const MIME_STDERR = 'application/vnd.code.notebook.stderr';

/** Stored as a JSON value in the file (not as text). */
export function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json') || mime === MIME_ERROR;
}

/** Stored as text (array of lines) in the file. */
export function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === MIME_SVG || mime === MIME_STDOUT || mime === MIME_STDERR;
}
