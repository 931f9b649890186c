// tcpdump alongside a probe run: started before the first request, filtered to the probe's
// target, stopped with SIGINT after the last. Without tcpdump or the permission to capture the
// probe runs on and says why.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { scrubSaslCredentials, type ScrubStats } from '../capture';
import { t } from '../l10n';
import { waitForCaptureToSettle } from './capture-settle';
import { isLoopback } from '../net/loopback';

/** Keeps Ethernet/SLL2 + VLAN + IP + TCP with options + a memcached header or a text command line. */
export const DEFAULT_SNAPLEN = 256;

export interface CaptureOptions {
  /** Directory the capture file goes to (created, with the file mode 0600). */
  dir: string;
  target: { host: string; port: number };
  iface?: string;
  snaplen?: number;
  /** The tcpdump binary (tests point it elsewhere). */
  tcpdump?: string;
}

export interface CaptureSession {
  file: string;
  iface: string;
  snaplen: number;
  filter: string;
  /**
   * Stops tcpdump (SIGINT: it writes what it buffered), zeroes the SASL credentials in the file and
   * returns its drop count. A file that could not be scrubbed is deleted: `removed` says why.
   */
  stop(): Promise<CaptureStopped>;
}

export interface CaptureStopped {
  droppedByKernel?: number;
  scrub?: ScrubStats;
  removed?: string;
}

export async function startCapture(o: CaptureOptions): Promise<CaptureSession | { unavailable: string }> {
  const iface = o.iface ?? (isLoopback(o.target.host) ? 'lo' : 'any');
  const snaplen = o.snaplen ?? DEFAULT_SNAPLEN;
  const host = o.target.host === 'localhost' ? '127.0.0.1' : o.target.host;
  // A name is left out of the filter: tcpdump would resolve it once, perhaps to another address.
  const filter = `tcp port ${o.target.port}${isIP(host) ? ` and host ${host}` : ''}`;
  mkdirSync(o.dir, { recursive: true });
  const file = join(o.dir, `probe-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.pcap`);
  // Created here with 0600 so tcpdump (which truncates, keeping the mode) never leaves it readable.
  closeSync(openSync(file, 'w', 0o600));
  chmodSync(file, 0o600);
  // As root tcpdump would switch to its own user before opening the file, which 0600 forbids.
  const args = ['-i', iface, '-s', String(snaplen), '-U', '--immediate-mode', '-n', '-w', file, ...(process.getuid?.() === 0 ? ['-Z', 'root'] : []), filter];
  const p = spawn(o.tcpdump ?? 'tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  const started = await new Promise<true | string>((resolve) => {
    const timer = setTimeout(() => resolve(t('tcpdump did not start listening within 5 s')), 5000);
    const done = (v: true | string) => {
      clearTimeout(timer);
      resolve(v);
    };
    p.once('error', (e: NodeJS.ErrnoException) =>
      done(e.code === 'ENOENT' ? t('tcpdump is not installed (Debian: apt-get install tcpdump)') : t('tcpdump could not be started: {0}', e.message)));
    // 'close', not 'exit': only then has all of its stderr (the reason) arrived.
    p.once('close', () => {
      const line = err.trim().split('\n').pop() ?? '';
      done(/permission|not permitted/i.test(err)
        ? t('no permission to capture on {0} (run as root, or give tcpdump the capability: setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)): {1}', iface, line)
        : t('tcpdump exited: {0}', line));
    });
    p.stderr.on('data', () => {
      if (err.includes('listening on')) done(true);
    });
  });
  if (started !== true) {
    if (p.exitCode === null) p.kill('SIGKILL');
    return { unavailable: t('capture: {0}; the probe ran without capture', started) };
  }
  p.removeAllListeners('close');
  const exited = new Promise<void>((r) => (p.exitCode !== null ? r() : p.once('exit', () => r())));
  return {
    file,
    iface,
    snaplen,
    filter,
    async stop() {
      // SIGINT does not drain the kernel's ring: first let tcpdump write what it has yet to read.
      await waitForCaptureToSettle(file);
      p.kill('SIGINT');
      const killer = setTimeout(() => p.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
      const m = /(\d+) packets? dropped by kernel/.exec(err);
      const drops = m ? { droppedByKernel: Number(m[1]) } : {};
      // The snaplen keeps a whole SASL PLAIN body: the password must not stay in the file.
      try {
        return { ...drops, scrub: await scrubSaslCredentials(file, o.target.port) };
      } catch (e) {
        rmSync(file, { force: true });
        return { ...drops, removed: t('the capture file was deleted: it could not be cleared of SASL credentials ({0})', (e as Error).message) };
      }
    },
  };
}
