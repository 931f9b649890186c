import { msg } from '../../l10n';
import type { SpecSchema } from '../spec/schema';

export const CAPTURE_LANGUAGE = 'xenlat-capture';

export const captureSchema: SpecSchema = {
  language: CAPTURE_LANGUAGE,
  fields: {
    title: { type: 'string', description: msg('Title shown on the charts and in reports.') },
    file: {
      type: 'string',
      nonEmpty: true,
      required: true,
      description: msg('The packet capture (pcap or pcapng, e.g. from `tcpdump -w`), relative to the notebook. Only timings, sizes and protocol headers are kept: never payload bytes.'),
    },
    server: {
      type: 'string',
      nonEmpty: true,
      description: msg('The service as `host:port` (IPv6 as `[addr]:port`, `*:port` for any host). Default: each connection\'s SYN target, else port 11211, else the lower port.'),
    },
    protocol: {
      type: 'enum',
      values: ['memcached', 'tcp'],
      default: 'memcached',
      description: msg('`memcached` (binary and text, told apart per connection) pairs each request with its response; `tcp` takes what the client sends until the server answers as one request.'),
    },
    side: {
      type: 'enum',
      values: ['client', 'server'],
      default: 'client',
      description: msg('Where the capture was taken. On the client, wire latency includes the network both ways and the server; on the server, only the server and its stack.'),
    },
    stallThresholdMs: {
      type: 'number',
      exclusiveMin: 0,
      unit: 'ms',
      default: 100,
      description: msg('Requests whose wire latency (first request byte -> last response byte) is strictly above this are stalls.'),
    },
    stall: {
      type: 'integer',
      min: 1,
      default: 1,
      description: msg('Which stall the time-sequence graph shows: 1 = the slowest, 2 = the next, ... (the slowest request when there is no stall).'),
    },
  },
};

export interface CaptureSpec {
  title?: string;
  file: string;
  server?: string;
  protocol: 'memcached' | 'tcp';
  side: 'client' | 'server';
  stallThresholdMs: number;
  stall: number;
}
