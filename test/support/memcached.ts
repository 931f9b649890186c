// Real memcached for probe tests: an ephemeral loopback port, optional SASL, always stoppable.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Memcached {
  host: string;
  port: number;
  target: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  /** SIGKILL, for "server killed mid-run". */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitAccepting(port: number, proc: ChildProcess, deadlineMs = 5000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`memcached exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`memcached did not accept on port ${port}`);
}

export interface StartOptions {
  sasl?: { user: string; password: string };
  extraArgs?: string[];
}

export async function startMemcached(opts: StartOptions = {}): Promise<Memcached> {
  const port = await freePort();
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', '-t', '1'];
  if (process.getuid?.() === 0) args.push('-u', 'root');
  const env = { ...process.env };
  let dir: string | undefined;
  if (opts.sasl) {
    dir = mkdtempSync(join(tmpdir(), 'xenlat-sasl-'));
    const db = join(dir, 'sasldb2');
    writeFileSync(join(dir, 'memcached.conf'), `mech_list: plain\nsasldb_path: ${db}\n`);
    const r = spawnSync('saslpasswd2', ['-p', '-a', 'memcached', '-c', '-f', db, opts.sasl.user], { input: `${opts.sasl.password}\n` });
    if (r.status !== 0) throw new Error(`saslpasswd2 failed: ${r.stderr}`);
    env.SASL_CONF_PATH = dir;
    args.push('-S');
  }
  args.push(...(opts.extraArgs ?? []));
  const proc = spawn('memcached', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const cleanup = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitAccepting(port, proc);
  } catch (e) {
    proc.kill('SIGKILL');
    await exited;
    cleanup();
    throw e;
  }
  const stopWith = async (sig: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    await exited;
    cleanup();
  };
  return { host: '127.0.0.1', port, target: `127.0.0.1:${port}`, proc, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}
