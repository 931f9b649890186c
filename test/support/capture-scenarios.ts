// Real traffic for the capture fixtures: the test memcached, reached through the stall proxy
// (which delays chosen responses), recorded by tcpdump on loopback. Used by
// scripts/record-capture-fixtures.ts (committed fixtures) and by the live capture test.
import { startMemcached } from './memcached';
import { startStallProxy } from './stall-proxy';
import { startTcpdump } from './tcpdump';
import { binaryRequest, RawClient, setExtras } from './memcached-client';

export interface Recorded {
  file: string;
  /** Requests the client sent that get a response, and the ones that do not (quiet). */
  answered: number;
  quiet: number;
  /** Proxy delays applied (ms actually held), in response order. */
  delaysMs: number[];
  /** For each delayed response: request arrival at the proxy -> response leaving it (ms). */
  roundTripsMs?: number[];
}

/**
 * Binary protocol through the proxy: `n` get/set pairs on two connections, one response delayed
 * by `delayMs`, a getq+getq+noop pipeline, and (with a small snaplen) a 60 KB value that the
 * capture cuts.
 */
export async function recordBinaryThroughProxy(file: string, opts: { delayMs: number; snaplen?: number; n?: number }): Promise<Recorded> {
  const mc = await startMemcached();
  const proxy = await startStallProxy({ host: mc.host, port: mc.port }, { delays: [{ conn: 0, index: 5, ms: opts.delayMs }] });
  const dump = await startTcpdump(file, `tcp port ${proxy.port}`, opts.snaplen ? ['-s', String(opts.snaplen)] : []);
  let answered = 0;
  let quiet = 0;
  try {
    const n = opts.n ?? 6;
    for (let c = 0; c < 2; c++) {
      const cl = await RawClient.open(proxy.port);
      for (let i = 0; i < n; i++) {
        cl.write(binaryRequest(0x01, `key-${c}-${i}`, 'v'.repeat(40 + i), c * 1000 + 2 * i, setExtras()));
        await cl.binaryResponses(1);
        cl.write(binaryRequest(0x00, `key-${c}-${i}`, '', c * 1000 + 2 * i + 1));
        await cl.binaryResponses(1);
        answered += 2;
      }
      // A pipeline: two quiet gets (one hit, one miss: memcached stays silent on the miss) + noop.
      cl.write(Buffer.concat([binaryRequest(0x09, `key-${c}-0`, '', 7001), binaryRequest(0x09, 'absent', '', 7002), binaryRequest(0x0a, '', '', 7003)]));
      await cl.binaryResponses(2);
      answered += 2; // the hit getq and the noop
      quiet += 1;
      if (opts.snaplen) {
        cl.write(binaryRequest(0x01, 'big', 'x'.repeat(60000), 8001, setExtras()));
        await cl.binaryResponses(1);
        cl.write(binaryRequest(0x00, 'big', '', 8002));
        await cl.binaryResponses(1);
        answered += 2;
      }
      await cl.close();
    }
    await proxy.sync();
  } finally {
    await dump.stop();
    await proxy.close();
    await mc.stop();
  }
  return { file, answered, quiet, delaysMs: proxy.injections.filter((i) => i.kind === 'delay').map((i) => i.actualMs ?? i.ms ?? 0), roundTripsMs: proxy.injections.filter((i) => i.kind === 'delay').map((i) => i.roundTripMs ?? NaN) };
}

/** Text protocol straight to memcached: sets, gets (hit, miss, multi-get) and a noreply set. */
export async function recordText(file: string, extraArgs: string[] = []): Promise<Recorded> {
  const mc = await startMemcached();
  const dump = await startTcpdump(file, `tcp port ${mc.port}`, extraArgs);
  let answered = 0;
  let quiet = 0;
  try {
    const cl = await RawClient.open(mc.port);
    for (let i = 0; i < 5; i++) {
      const v = 't'.repeat(10 + i);
      cl.write(`set tk${i} 0 0 ${v.length}\r\n${v}\r\n`);
      await cl.textReply('STORED\r\n');
      cl.write(`get tk${i}\r\n`);
      await cl.textReply('END\r\n');
      answered += 2;
    }
    cl.write('get nothing-here\r\n');
    await cl.textReply('END\r\n');
    cl.write('get tk0 tk1 tk2\r\n');
    await cl.textReply('END\r\n');
    cl.write('set quietly 0 0 3 noreply\r\nabc\r\n');
    quiet++;
    cl.write('version\r\n');
    await cl.textReply('\r\n');
    answered += 3;
    await cl.close();
  } finally {
    await dump.stop();
    await mc.stop();
  }
  return { file, answered, quiet, delaysMs: [] };
}
