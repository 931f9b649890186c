// tcpdump on loopback for the capture tests and the fixture recorder: started, waited for
// until it listens, stopped with SIGINT so it writes the last buffered packets.
import { spawn, spawnSync } from 'node:child_process';
import { waitForCaptureToSettle } from '../../src/probe/capture-settle';

export function haveTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export interface Tcpdump {
  stop(): Promise<void>;
}

export async function startTcpdump(file: string, filter: string, args: string[] = []): Promise<Tcpdump> {
  const p = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-U', '-n', '-w', file, ...args, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    p.stderr.on('data', (d) => {
      err += d;
      if (err.includes('listening on')) resolve();
    });
    p.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${err}`)));
  });
  p.removeAllListeners('exit');
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  return {
    async stop() {
      // Immediate mode hands each packet over at once (without it, TPACKET_V3 holds a block for up
      // to a second and a SIGINT loses it); SIGINT does not drain the kernel's ring, so first wait
      // until tcpdump has written what it has yet to read (the product's capture does the same).
      await waitForCaptureToSettle(file);
      p.kill('SIGINT');
      await exited;
    },
  };
}
