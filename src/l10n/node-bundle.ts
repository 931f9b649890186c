// Finding and reading a locale's bundle on disk (Node only: the renderer gets its bundle as data).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Bundle } from './index';

/**
 * The UI locale of a command-line process, from the POSIX variables in their order of precedence
 * (LANGUAGE's first entry, LC_ALL, LC_MESSAGES, LANG), normalised to VS Code's form: `zh_CN.UTF-8`
 * becomes `zh-cn`. `C`/`POSIX` and nothing set mean English (undefined).
 */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = [env.LANGUAGE?.split(':')[0], env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v.trim() !== '');
  if (!raw) return undefined;
  const base = raw.split('.')[0].split('@')[0].replace('_', '-').toLowerCase();
  if (base === 'c' || base === 'posix' || base === '') return undefined;
  return base;
}

/**
 * The bundle for `locale` in `dir` (`bundle.l10n.<locale>.json`), falling back from `zh-cn` to `zh`
 * and, for a bare `zh`, to `zh-cn` (the only Chinese we ship). Undefined for English or no file.
 */
export function readBundle(dir: string, locale: string | undefined): Bundle | undefined {
  if (!locale || locale === 'en' || locale.startsWith('en-')) return undefined;
  const lang = locale.split('-')[0];
  const candidates = [locale, lang, ...(lang === 'zh' ? ['zh-cn'] : [])];
  for (const c of candidates) {
    const file = path.join(dir, `bundle.l10n.${c}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Bundle;
  }
  return undefined;
}
