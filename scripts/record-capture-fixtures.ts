// Records the committed capture fixtures (test/fixtures/capture/) from real traffic:
//   npx tsx scripts/record-capture-fixtures.ts           (the test fixtures: their tests name their figures)
//   npx tsx scripts/record-capture-fixtures.ts example   (only examples/data/guest-capture.pcap)
// Needs tcpdump, memcached and editcap (wireshark-common), and root (or CAP_NET_RAW).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { recordBinaryThroughProxy, recordText } from '../test/support/capture-scenarios';

const dir = 'test/fixtures/capture';

async function main(): Promise<void> {
if (process.argv[2] === 'example') {
  // The example notebook's capture (examples/black-0.1s.xenlat): plain traffic, no held response.
  console.log(await recordBinaryThroughProxy('examples/data/guest-capture.pcap', { delayMs: 0, snaplen: 128, n: 50 }));
  return;
}
const a = await recordBinaryThroughProxy(`${dir}/memcached-binary-proxy-delay60.pcap`, { delayMs: 60 });
console.log(a);
const b = await recordBinaryThroughProxy(`${dir}/memcached-binary-snaplen128.pcap`, { delayMs: 5, snaplen: 128, n: 3 });
console.log(b);
const c = await recordText(`${dir}/memcached-text-ns.pcap`, ['--time-stamp-precision=nano']);
console.log(c);
// The same text traffic as pcapng (tcpdump writes classic pcap only; editcap converts).
const tmp = `${dir}/memcached-text.tmp.pcap`;
await recordText(tmp);
const r = spawnSync('editcap', ['-F', 'pcapng', tmp, `${dir}/memcached-text.pcapng`]);
rmSync(tmp);
if (r.status !== 0) throw new Error(`editcap failed: ${r.stderr}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
