// The scripted conversation written in every container and link layer the reader supports:
// the format corners that loopback captures never produce.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePcap, writePcapng } from './pcap-writer';
import { scriptedConversation } from './tcp-conversation';

export interface Corner {
  name: string;
  file: string;
  port: number;
}

export function writeCorners(dir: string): Corner[] {
  const out: Corner[] = [];
  const put = (name: string, bytes: Uint8Array) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    out.push({ name, file, port: 11211 });
  };
  const v4 = scriptedConversation().frames;
  const ns = scriptedConversation({ base: 1700000000123456789n }).frames;
  const v6 = scriptedConversation({ client: '2001:db8::1', server: '2001:db8::2' }).frames;
  put('conv-ethernet-us-le.pcap', writePcap(v4, { link: 'ethernet' }));
  put('conv-sll-ns-be.pcap', writePcap(ns, { link: 'sll', nano: true, bigEndian: true }));
  put('conv-sll2.pcap', writePcap(v4, { link: 'sll2' }));
  put('conv-vlan.pcap', writePcap(v4, { link: 'ethernet-vlan' }));
  put('conv-ipv6-raw.pcap', writePcap(v6, { link: 'raw' }));
  put('conv-ipv6-null.pcap', writePcap(v6, { link: 'null' }));
  put('conv-snaplen80.pcap', writePcap(v4, { link: 'ethernet', snaplen: 80 }));
  const half = Math.floor(ns.length / 2);
  put('conv-multisection.pcapng', writePcapng([
    { interfaces: [{ link: 'ethernet', tsresol: 9 }], packets: ns.slice(0, half).map((frame) => ({ frame, iface: 0 })), unknownBlocks: true },
    {
      bigEndian: true,
      interfaces: [{ link: 'ethernet' }, { link: 'sll2', tsresol: 9, tsoffset: 1000 }],
      packets: ns.slice(half).map((frame, i) => ({ frame, iface: i % 2 })),
      stats: { ifDrop: 3, osDrop: 4 },
    },
  ]));
  return out;
}
