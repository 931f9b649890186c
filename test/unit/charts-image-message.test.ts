// The extension accepts from the renderer only a PNG (by its signature) or SVG markup, named from
// the chart title without any path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImageMessage } from '../../src/charts/image-message';

const png = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64')}`;

test('a PNG or an SVG from a chart is accepted, named after its title', () => {
  const p = checkImageMessage({ type: 'xenlat-image', action: 'save', format: 'png', title: 'preset black-0.1s: latency / CDF', data: png })!;
  assert.equal(p.fileName, 'preset-black-0.1s-latency-CDF.png');
  assert.deepEqual([...p.bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const s = checkImageMessage({ type: 'xenlat-image', action: 'copy', format: 'svg', title: '../../etc/passwd', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' })!;
  assert.equal(s.fileName, 'etc-passwd.svg');
  assert.equal(s.text, '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
});

test('anything else is refused', () => {
  for (const m of [
    null,
    { type: 'other' },
    { type: 'xenlat-image', action: 'delete', format: 'png', title: 't', data: png },
    { type: 'xenlat-image', action: 'save', format: 'exe', title: 't', data: png },
    { type: 'xenlat-image', action: 'save', format: 'png', title: 't', data: 'data:image/png;base64,' + Buffer.from('MZ not a png').toString('base64') },
    { type: 'xenlat-image', action: 'save', format: 'svg', title: 't', data: '<html><script>x</script></html>' },
  ]) assert.equal(checkImageMessage(m), undefined, JSON.stringify(m));
});
