// Streaming parse of a generated 1 GB capture: memcached binary gets on 64 connections (1 KB
// values, one response in 5,000 held 150 ms, one in 20,000 retransmitted), written to /tmp.
// Measures the analysis pass alone (MB/s, peak RSS) and the xenlat-capture cell on the same file.
// Run: node --import tsx bench/capture-bench.ts [sizeMB]   (the file is deleted afterwards)
// Each measurement runs in its own process, so the peak RSS of one is not the heap left by another.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCaptureFile } from '../src/capture';
import { captureCell, type CaptureResult } from '../src/cells/capture';
import { frameBytes, writePcap } from '../test/support/pcap-writer';
import { binaryRequest } from '../test/support/memcached-client';

const PHASE = process.argv[2] === '--phase' ? process.argv[3] : undefined;
const SIZE_MB = PHASE ? 0 : Number(process.argv[2] ?? 1024);
const CONNS = 64;
const file = PHASE ? process.argv[4] : process.env.KEEP ?? join(tmpdir(), `xenlat-capture-bench-${process.pid}.pcap`);

function generate(): { exchanges: number; stalls: number; retransmits: number } {
  const fd = openSync(file, 'w');
  const header = writePcap([], { link: 'ethernet' });
  writeSync(fd, header);
  const req = binaryRequest(0x00, 'some-key-0001', '', 1);
  const res = Buffer.alloc(24 + 4 + 1000, 0x62);
  res.fill(0, 0, 28);
  res[0] = 0x81;
  res.writeUInt32BE(1004, 8);
  res[4] = 4;
  type T = { bytes: Uint8Array; len: number };
  const tmpl = (src: string, dst: string, sport: number, dport: number, payload?: Uint8Array): T => {
    const bytes = frameBytes({ tNs: 0n, src, dst, sport, dport, seq: 0, ack: 0, flags: payload ? 0x18 : 0x10, payload }, 'ethernet');
    return { bytes, len: payload?.length ?? 0 };
  };
  const conns = Array.from({ length: CONNS }, (_, c) => ({
    req: tmpl('10.0.0.1', '10.0.0.2', 40000 + c, 11211, req),
    res: tmpl('10.0.0.2', '10.0.0.1', 11211, 40000 + c, res),
    ack: tmpl('10.0.0.1', '10.0.0.2', 40000 + c, 11211),
    cseq: 1000 + c,
    sseq: 900000 + c,
  }));
  const out = Buffer.alloc(16 << 20);
  let o = 0;
  let tUs = 1_700_000_000_000_000;
  let written = header.length;
  const limit = SIZE_MB * 1048576;
  const put = (t: T, seq: number, ack: number) => {
    const b = t.bytes;
    if (o + 16 + b.length > out.length) {
      writeSync(fd, out, 0, o);
      o = 0;
    }
    const sec = Math.floor(tUs / 1e6);
    out.writeUInt32LE(sec, o);
    out.writeUInt32LE(tUs - sec * 1e6, o + 4);
    out.writeUInt32LE(b.length, o + 8);
    out.writeUInt32LE(b.length, o + 12);
    out.set(b, o + 16);
    out.writeUInt32BE(seq >>> 0, o + 16 + 38);
    out.writeUInt32BE(ack >>> 0, o + 16 + 42);
    o += 16 + b.length;
    written += 16 + b.length;
    tUs += 20;
  };
  let n = 0;
  let stalls = 0;
  let retransmits = 0;
  while (written < limit) {
    const c = conns[n % CONNS];
    put(c.req, c.cseq, c.sseq);
    c.cseq += c.req.len;
    if (n % 5000 === 4999) {
      tUs += 150_000;
      stalls++;
    }
    put(c.res, c.sseq, c.cseq);
    if (n % 20000 === 19999) {
      tUs += 1000;
      put(c.res, c.sseq, c.cseq);
      retransmits++;
    }
    c.sseq += c.res.len;
    put(c.ack, c.cseq, c.sseq);
    n++;
  }
  writeSync(fd, out, 0, o);
  closeSync(fd);
  return { exchanges: n, stalls, retransmits };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mb = (b: number) => (b / 1048576).toFixed(0);

async function analysisPhase(expected: { exchanges: number; retransmits: number }): Promise<void> {
  const size = statSync(file).size;
  const rssBefore = process.memoryUsage().rss;
  let requests = 0;
  const t = performance.now();
  const s = await analyzeCaptureFile(file, { protocol: 'memcached', onRequest: () => requests++ });
  const ms = performance.now() - t;
  const retrans = s.connections.reduce((a, c) => a + c.retransmissions, 0);
  console.log(`analysis pass: ${(size / 1048576 / (ms / 1000)).toFixed(0)} MB/s (${(ms / 1000).toFixed(2)} s, ${s.packets} packets, ${requests} requests, ${retrans} retransmissions), peak RSS ${mb(peakRss)} MB (${mb(rssBefore)} MB at start)`);
  if (requests !== expected.exchanges || retrans !== expected.retransmits) throw new Error('the analysis does not match the generated traffic');
}

async function cellPhase(): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const t = performance.now();
  const out = await captureCell.run(`file: ${file}\nstallThresholdMs: 100\n`, { notebookDir: tmpdir(), signal: new AbortController().signal, progress: () => {} });
  const cellMs = performance.now() - t;
  const res = out.result as CaptureResult;
  console.log(`xenlat-capture cell (one pass: analysis + time-sequence graph): ${(cellMs / 1000).toFixed(2)} s, ${res.summary.count} requests, ${res.summary.stalls.count} stalls, peak RSS ${mb(peakRss)} MB (${mb(rssBefore)} MB at start), result JSON ${(JSON.stringify({ ...res, samples: [] }).length / 1024).toFixed(0)} KB + ${res.samples.length} samples`);
}

async function main(): Promise<void> {
  if (PHASE === 'analysis') return analysisPhase(JSON.parse(process.argv[5]));
  if (PHASE === 'cell') return cellPhase();
  const t = performance.now();
  const gen = generate();
  const size = statSync(file).size;
  console.log(`generated ${mb(size)} MB (${gen.exchanges} exchanges, ${gen.stalls} stalls, ${gen.retransmits} retransmissions) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    for (const phase of ['analysis', 'cell']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--phase', phase, file, JSON.stringify(gen)], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`${phase} phase failed`);
    }
  } finally {
    if (!process.env.KEEP) rmSync(file, { force: true });
  }
}

main()
  .then(() => clearInterval(sampler))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
