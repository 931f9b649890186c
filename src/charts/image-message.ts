// The messages a chart's toolbar sends from the renderer to the extension, and their checks. The
// renderer runs in a webview with a notebook someone sent you: the extension accepts only these
// shapes, formats and sizes (plain module, shared by both sides and tested on Node).

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export type ImageAction = 'save' | 'copy';
export type ImageFormat = 'png' | 'svg';

export interface ImageMessage {
  type: 'xenlat-image';
  action: ImageAction;
  format: ImageFormat;
  title: string;
  /** PNG: a `data:image/png;base64,` URL; SVG: the markup. */
  data: string;
}

export interface CheckedImage {
  action: ImageAction;
  format: ImageFormat;
  /** A file name from the chart title (letters, digits, `-`, `_`, `.`), with the extension. */
  fileName: string;
  bytes: Uint8Array;
  /** SVG markup (copy puts it on the clipboard as text). */
  text?: string;
}

const PNG_PREFIX = 'data:image/png;base64,';

export function checkImageMessage(m: unknown): CheckedImage | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const msg = m as Partial<ImageMessage>;
  if (msg.type !== 'xenlat-image' || (msg.action !== 'save' && msg.action !== 'copy')) return undefined;
  if ((msg.format !== 'png' && msg.format !== 'svg') || typeof msg.data !== 'string' || msg.data.length > MAX_IMAGE_BYTES * 1.4) return undefined;
  const base = (typeof msg.title === 'string' ? msg.title : '').replace(/[^\w.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 80) || 'chart';
  if (msg.format === 'png') {
    if (!msg.data.startsWith(PNG_PREFIX)) return undefined;
    const bytes = Uint8Array.from(atob(msg.data.slice(PNG_PREFIX.length)), (c) => c.charCodeAt(0));
    // The PNG signature: what is written is an image, whatever the message claims.
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) return undefined;
    return { action: msg.action, format: 'png', fileName: `${base}.png`, bytes };
  }
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(msg.data)) return undefined;
  return { action: msg.action, format: 'svg', fileName: `${base}.svg`, bytes: new TextEncoder().encode(msg.data), text: msg.data };
}
