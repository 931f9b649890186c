import { t } from '../../l10n';
import { checkSpec, type SpecCheck } from '../spec/validate';
import type { CheckedSpec, SourceRange } from '../types';
import { captureSchema, type CaptureSpec } from './schema';

export interface CaptureSpecCheck extends CheckedSpec {
  check: SpecCheck;
  spec: CaptureSpec;
  /** Where `file:` is written, for errors found while reading it. */
  fileRange: SourceRange;
}

/** Schema validation plus the endpoint syntax of `server`. */
export function checkCaptureSpec(source: string): CaptureSpecCheck {
  const check = checkSpec(captureSchema, source);
  const diagnostics = [...check.diagnostics];
  const spec = check.value as unknown as CaptureSpec;
  if (check.has('server') && spec.server && !/^(\[[0-9a-fA-F:.]+\]|[^:\s]*):\d{1,5}$/.test(spec.server.trim())) {
    diagnostics.push({ severity: 'error', message: t('server: write host:port (IPv6 as [addr]:port, any host as *:port)'), path: 'server', range: check.valueRange('server') });
  }
  return {
    check,
    spec,
    diagnostics,
    ok: !diagnostics.some((d) => d.severity === 'error'),
    raw: check.raw,
    fileRange: check.has('file') ? check.valueRange('file') : check.keyRange(''),
  };
}
