import { strict as assert } from 'node:assert';
import { decimateLine } from '../../webview/chart/decimate';
import { logTicks } from '../../webview/chart/axes';
import { EmaSmoother, smoothEma } from '../../webview/model/smooth';
import { formatAge, formatDuration, formatShortDuration, formatValue } from '../../src/shared/format';
import { parseColor, withAlpha } from '../../webview/theme/color';

function noisyCurve(n: number) {
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i + 1;
    ys[i] = 150 + 400 * Math.exp(-i / 5000) + 10 * Math.sin(i * 12.9898);
  }
  return { xs, ys };
}

/** The arrays behind proxies that count index reads: what decimation costs, whatever the machine's speed. */
function countingReads(xs: Float64Array, ys: Float64Array) {
  let reads = 0;
  const counted = (a: Float64Array) => new Proxy(a, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key);
    },
  });
  return { xs: counted(xs), ys: counted(ys), reads: () => reads };
}

describe('webview: per-column decimation', () => {
  it('keeps a short series as it is', () => {
    const d = decimateLine([1, 2, 3], [5, 4, 3], 3, { xMin: 1, xMax: 3, columns: 100 });
    assert.deepEqual(d, { xs: [1, 2, 3], ys: [5, 4, 3] });
  });

  it('reduces 100k points to at most 4 per pixel column, keeping every column’s min and max', () => {
    const { xs, ys } = noisyCurve(100_000);
    const columns = 800;
    const d = decimateLine(xs, ys, xs.length, { xMin: 1, xMax: 100_000, columns });
    assert.ok(d.xs.length <= 4 * columns + 2, `${d.xs.length} points`);
    assert.ok(d.xs.length > columns, 'every column has points');
    for (let i = 1; i < d.xs.length; i++) assert.ok(d.xs[i] > d.xs[i - 1], 'x stays ascending');
    // The drawn extent of each column equals the full data's.
    const span = 100_000 - 1;
    for (const c of [0, 137, 799]) {
      const inColumn = (x: number) => Math.min(columns - 1, Math.floor(((x - 1) / span) * columns)) === c;
      const full = [...ys].filter((_, i) => inColumn(xs[i]));
      const kept = d.ys.filter((_, i) => inColumn(d.xs[i]));
      assert.equal(Math.min(...kept), Math.min(...full));
      assert.equal(Math.max(...kept), Math.max(...full));
    }
  });

  it('decimates only the visible range, plus one point beyond each edge', () => {
    const { xs, ys } = noisyCurve(10_000);
    const d = decimateLine(xs, ys, xs.length, { xMin: 2000, xMax: 3000, columns: 100 });
    assert.equal(d.xs[0], 1999);
    assert.equal(d.xs[d.xs.length - 1], 3001);
    assert.ok(d.xs.length <= 4 * 100 + 2);
  });

  it('reads only `length` entries, and drops non-finite values (and ≤ 0 on a log axis)', () => {
    const xs = new Float64Array([1, 2, 3, 4, 5, 0, 0]);
    const ys = new Float64Array([1, NaN, -2, 0, 3, 9, 9]);
    assert.deepEqual(decimateLine(xs, ys, 5, { xMin: 1, xMax: 5, columns: 10 }), { xs: [1, 3, 4, 5], ys: [1, -2, 0, 3] });
    assert.deepEqual(decimateLine(xs, ys, 5, { xMin: 1, xMax: 5, columns: 10, positiveOnly: true }), { xs: [1, 5], ys: [1, 3] });
  });

  it('costs one pass over the visible points on every redraw: reads counted, not timed', () => {
    const n = 100_000;
    const { xs, ys } = noisyCurve(n);
    const full = countingReads(xs, ys);
    decimateLine(full.xs, full.ys, n, { xMin: 1, xMax: n, columns: 1000 });
    // Each point: its x and y, and the column's running min and max compared against it; then each column's
    // (at most) four kept points; the range's two ends by bisection.
    const bound = (points: number, columns: number) => 4 * points + 8 * columns + 4 * Math.ceil(Math.log2(n));
    assert.ok(full.reads() <= bound(n, 1000), `${full.reads()} reads for ${n} points`);
    assert.ok(full.reads() >= 2 * n, 'every point is looked at');
    // Zoomed to 1% of the run: the range is found by bisection, the other 99% are never read.
    const zoomed = countingReads(xs, ys);
    decimateLine(zoomed.xs, zoomed.ys, n, { xMin: 50_001, xMax: 51_000, columns: 100 });
    assert.ok(zoomed.reads() <= bound(1002, 100), `${zoomed.reads()} reads for 1002 visible points`);
  });
});

describe('webview: EMA smoothing', () => {
  it('leaves the curve alone at weight 0, and keeps a constant constant (de-biased start)', () => {
    assert.deepEqual([...smoothEma([3, 1, 4], 3, 0)], [3, 1, 4]);
    for (const v of smoothEma([5, 5, 5, 5], 4, 0.9)) assert.ok(Math.abs(v - 5) < 1e-12);
  });

  it('matches the TensorBoard formula', () => {
    const w = 0.6;
    const out = smoothEma([1, 3], 2, w);
    assert.equal(out[0], 1);
    assert.ok(Math.abs(out[1] - ((1 - w) * w * 1 + (1 - w) * 3) / (1 - w * w)) < 1e-12);
  });

  it('extends incrementally to the same values as a full recompute', () => {
    const ys = new Float64Array(noisyCurve(1000).ys);
    const smoother = new EmaSmoother();
    smoother.smooth(ys, 400, 0.8, 0);
    const grown = [...smoother.smooth(ys, 1000, 0.8, 0).subarray(0, 1000)];
    assert.deepEqual(grown, [...smoothEma(ys, 1000, 0.8)]);
  });

  it('starts over when the weight or the series’ generation changes', () => {
    const smoother = new EmaSmoother();
    smoother.smooth([10, 10, 10], 3, 0.5, 0);
    const rewritten = [1, 1, 1];
    assert.deepEqual([...smoother.smooth(rewritten, 3, 0.5, 1).subarray(0, 3)], [1, 1, 1]);
    assert.deepEqual([...smoother.smooth(rewritten, 3, 0, 1).subarray(0, 3)], [1, 1, 1]);
  });

  it('passes NaN through without poisoning later values', () => {
    const out = smoothEma([2, NaN, 2], 3, 0.5);
    assert.ok(Number.isNaN(out[1]));
    assert.equal(out[2], 2);
  });
});

describe('webview: chart helpers', () => {
  it('makes round ticks on a log axis fitted to the data', () => {
    assert.deepEqual(logTicks(140, 600), [200, 500], 'a loss from 140 to 600 on a log axis');
    assert.deepEqual(logTicks(0.5, 600), [1, 10, 100], 'many decades: powers of ten only');
    assert.deepEqual(logTicks(0.001, 1e4), [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000]);
    assert.deepEqual(logTicks(150, 190, 4), [150, 160, 170, 180, 190], 'within a decade: linear steps');
  });

  it('formats values and durations', () => {
    assert.equal(formatValue(148.234), '148.2');
    assert.equal(formatValue(1500), '1500');
    assert.equal(formatValue(20000), '20000');
    assert.equal(formatValue(-12345.6), '-12346');
    assert.equal(formatValue(0.5), '0.5');
    assert.equal(formatValue(2e-5), '2.00e-5');
    assert.equal(formatValue(undefined), '–');
    assert.equal(formatDuration(45), '45s');
    assert.equal(formatDuration(200), '3m 20s');
    assert.equal(formatDuration(3900), '1h 05m');
    assert.equal(formatDuration(NaN), '?', 'an ETA not known yet');
    assert.equal(formatShortDuration(200), '3m');
    assert.equal(formatShortDuration(2 * 86400), '2d');
    assert.equal(formatAge('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z')), '5m ago');
    assert.equal(formatAge('not a time'), '');
  });

  it('reads theme colours', () => {
    assert.deepEqual(parseColor('#3794ff'), [0x37, 0x94, 0xff]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), [204, 204, 204]);
    assert.equal(withAlpha('#3794ff80', 0.25), 'rgba(55, 148, 255, 0.25)');
  });
});
