// Live capture in the editor: a probe cell with `capture: true` against a memcached on a loopback
// port (started here). tcpdump runs beside the probe; the output shows the two capture stages
// (wireWait, captureToRead) and the count of stalls after the capture, and the capture file is
// beside the notebook with mode 0600. Needs tcpdump and the right to capture (root, as CI runs).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAGES = '.xenlat-capture-stages';

export default {
  name: 'probe: live capture in the editor (capture: true)',
  async prepare({ workspace, helpers: h, log }) {
    const mc = await h.startMemcached({ log });
    const nb = {
      format: 'xenlat', version: 1, metadata: {},
      cells: [
        { id: 'capintro', kind: 'markdown', source: ['# Probe with a packet capture'] },
        { id: 'probecap', kind: 'code', language: 'xenlat-probe', source: [`target: ${mc.target}`, 'title: probe with capture', 'op: get', 'client: both', 'requests: 600', 'warmup: 0', 'rate: 300/s', 'stallThresholdMs: 20', 'capture: true'] },
      ],
    };
    writeFileSync(join(workspace, 'capture.xenlat'), JSON.stringify(nb, null, 2) + '\n');
    return async () => mc.stop();
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'capture.xenlat', { log });
    const codeCells = page.locator('.code-cell-row');
    await h.waitFor(async () => (await codeCells.count()) === 1, { timeout: 30_000, message: 'the probe cell' });
    await codeCells.nth(0).locator('.cell-editor-container .monaco-editor').first().click({ force: true });
    await h.runCommand(page, 'Notebook: Execute Cell');
    // The summary's capture block: a capture that could not be taken shows its reason there instead.
    await h.waitInFrames(page, STAGES, { timeout: 60_000, message: 'the probe\'s capture stages under its summary' });
    const found = await h.findInFrames(page, STAGES);
    const text = (await found.frame.locator('.xenlat-summary').first().innerText()).replace(/\s+/g, ' ');
    log(`summary: ${JSON.stringify(text.slice(0, 600))}`);
    h.assert(!/tcpdump is not installed|no permission to capture|the probe ran without capture/.test(text), `no capture was taken: ${text}`);
    h.assert(/wireWait: request left → response arrived \d/.test(text), `no wireWait row with figures: ${text}`);
    h.assert(/captureToRead: response captured → read \d/.test(text), `no captureToRead row with figures: ${text}`);
    // Both views (raw and memjs) are joined: all 600 requests.
    h.assert(/Stalls mostly after the capture \(the response had arrived; the read came late\): \d+; mostly on the wire: \d+\. 600 requests joined/.test(text), `no after-capture count or not every request joined: ${text}`);
    const m = /file (xenlat-captures\/probe-[^ ,]+\.pcap)/.exec(text);
    h.assert(m, `no capture file named: ${text}`);

    // The file beside the notebook, readable by its owner only.
    const dir = join(workspace, 'xenlat-captures');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pcap'));
    h.assert(files.length === 1 && `xenlat-captures/${files[0]}` === m[1], `capture files ${JSON.stringify(files)} vs ${m[1]}`);
    const st = statSync(join(dir, files[0]));
    h.assert((st.mode & 0o777) === 0o600, `capture file mode ${(st.mode & 0o777).toString(8)}, not 600`);
    h.assert(st.size > 24 + 600 * 2 * 60, `capture file of ${st.size} bytes: too small for 600 requests`);
    log(`capture file ${m[1]}: ${st.size} bytes, mode 600`);
    await found.locator.first().scrollIntoViewIfNeeded().catch(() => {});
    await h.sleep(1000);
    await screenshot('capture-stages');
  },
};
