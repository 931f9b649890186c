// A shipped example notebook must store what the current code makes: its charts, summaries and
// results are what a reader sees before running anything, so stale outputs would show an older
// Xenlat's answer (and its older charts) as this one's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Cells whose results follow a live measurement, so differ from run to run. */
const LIVE = ['--skip-language', 'xenlat-probe', '--skip-cell', 'explain-probe'];

export function assertFresh(committed: string, fresh: string): void {
  const r = spawnSync(process.execPath, ['scripts/compare-results.mjs', committed, fresh, ...LIVE], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${committed} is stale: re-run it with xenlat run (see README)\n${r.stdout.slice(0, 4000)}${r.stderr}`);
}
