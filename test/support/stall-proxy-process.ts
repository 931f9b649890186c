// Child-process side of stall-proxy.ts: runs the proxy and forwards what it records.
import { runStallProxy, type ProxyRules } from './stall-proxy-core';

process.once('message', async (m: { upstream: { host: string; port: number }; rules: ProxyRules }) => {
  const proxy = await runStallProxy(m.upstream, m.rules, (e) => process.send!(e));
  process.on('message', async (msg: { type: 'sync' | 'close'; n?: number }) => {
    if (msg.type === 'sync') process.send!({ type: 'synced', n: msg.n });
    if (msg.type === 'close') {
      await proxy.close();
      process.send!({ type: 'closed-proxy' }, () => process.exit(0));
    }
  });
  process.send!({ type: 'ready', port: proxy.port });
});
