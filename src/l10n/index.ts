// Localised user-facing text for the functional core, the CLI and the renderer.
//
// The English text is the key, as in `vscode.l10n`: one bundle format (`bundle.l10n.<locale>.json`)
// serves the extension shell (`vscode.l10n.t`) and everything here (`@vscode/l10n`, made for code that
// runs outside the extension host API: workers, the CLI, the browser renderer). A process without a
// bundle, or a message missing from it, shows the English text.
import * as l10n from '@vscode/l10n';

export type Bundle = Record<string, string>;

let active: Bundle | undefined;
let activeLocale: string | undefined;

/**
 * Uses `bundle` for every later `t()`/`tr()` of this thread; undefined means English. `locale` (VS
 * Code's form, `zh-cn`) names the bundle's language, for documents that declare theirs (HTML `lang`).
 */
export function useBundle(bundle: Bundle | undefined, locale?: string): void {
  active = bundle && Object.keys(bundle).length > 0 ? bundle : undefined;
  activeLocale = active ? locale : undefined;
  l10n.config({ contents: active ?? {} });
}

/** The locale of the bundle in use (VS Code's form), undefined for English: to hand to a worker. */
export function currentLocale(): string | undefined {
  return activeLocale;
}

/** The BCP 47 tag of the text `t()` gives now (`zh-CN`, `en`): for an HTML document's `lang`. */
export function languageTag(): string {
  if (!active || !activeLocale) return 'en';
  const [lang, region] = activeLocale.split('-');
  return region ? `${lang}-${region.toUpperCase()}` : lang!;
}

/** The bundle in use, to hand to a worker thread (threads do not share module state). */
export function currentBundle(): Bundle | undefined {
  return active;
}

/**
 * A message in the current language. `message` is the English text and must be a literal (or
 * literals joined with `+`): test/unit/l10n.test.ts extracts every call and fails when a message has
 * no translation. `{0}`, `{1}`... are replaced by `args` in order.
 */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return l10n.t(message, ...args);
}

/**
 * Marks a literal for translation without translating it now: for text that lives in tables built
 * when a module loads (schema descriptions, chart titles), before any bundle is configured. Show it
 * with `tr()`.
 */
export function msg(message: string): string {
  return message;
}

/** Translates text marked with `msg()` (or any text that may have a translation), at display time. */
export function tr(text: string): string {
  return l10n.t(text);
}
