import { strict as assert } from 'node:assert';
import { bwr } from '../../src/shared/palette';
import { signed } from '../../webview/chart/heatMap';
import { roundUp, toCategoryProbs, toGan1dCurves } from '../../webview/model/modelArtifacts';

describe('model artifact views', () => {
  it('bwr runs blue → white → red like matplotlib\'s, clamped outside [−1, 1]', () => {
    assert.deepEqual(bwr(-1), [0, 0, 255]);
    assert.deepEqual(bwr(0), [255, 255, 255]);
    assert.deepEqual(bwr(1), [255, 0, 0]);
    assert.deepEqual(bwr(0.5), [255, 128, 128]);
    assert.deepEqual(bwr(-3), [0, 0, 255]);
    assert.deepEqual(bwr(Number.NaN), [255, 255, 255]);
  });

  it('colour-bar limits round up to one significant digit and print with their sign', () => {
    assert.equal(roundUp(0.0769), 0.08);
    assert.equal(roundUp(0.02), 0.02);
    assert.equal(roundUp(0.0123), 0.02);
    assert.equal(signed(0.04), '+0.04');
    assert.equal(signed(-0.04), '−0.04');
    assert.equal(signed(0), '0');
  });

  it('accepts 1-D GAN curves and rejects malformed ones', () => {
    const good = { epoch: 1, step: 200, x: [0, 1], pData: [0.1, 0.2], pG: [0.2, 0.1], d: [0.5, 0.5], dStar: [null, 0.6],
      js: 0.01, value: -1.38, optimalValue: -1.37, referenceValue: -Math.log(4), bandwidth: 0.2 };
    assert.ok(toGan1dCurves(good));
    assert.equal(toGan1dCurves({ ...good, pG: [0.2] }), null);
    assert.equal(toGan1dCurves({ ...good, d: [0.5, null] }), null);
    assert.equal(toGan1dCurves({ ...good, js: undefined }), null);
    assert.equal(toGan1dCurves('curves'), null);
  });

  it('accepts category probabilities and rejects malformed ones', () => {
    const good = { categories: ['a', 'b'], target: [0.4, 0.6], epochs: [1, 2], learned: [[0.5, 0.5], [0.45, 0.55]],
      sampleCounts: [45, 55], sampleTotal: 100, temperature: 1 };
    assert.ok(toCategoryProbs(good));
    assert.equal(toCategoryProbs({ ...good, learned: [[0.5, 0.5]] }), null);
    assert.equal(toCategoryProbs({ ...good, target: [1] }), null);
    assert.equal(toCategoryProbs({ ...good, epochs: [] , learned: [] }), null);
    assert.equal(toCategoryProbs(null), null);
  });
});
