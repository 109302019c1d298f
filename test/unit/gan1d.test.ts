import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import {
  cellProbabilities, jensenShannon, kde, linearGrid, mixtureMass, mixturePdf, optimalDiscriminator,
} from '../../src/engine/models/gan1d/densities';
import { modelFactory } from '../../src/engine/models/factories';
import { Rng } from '../../src/engine/util/rng';
import type { Gan1dCurvesData } from '../../src/shared/protocol';
import { useCpuBackend } from './helpers/tfCpu';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) < tol, `${what} ${actual} is not ${expected} ± ${tol}`);

describe('1-D GAN densities', () => {
  const x = linearGrid(-6, 6, 601);
  const dx = x[1] - x[0];

  it('the Jensen–Shannon estimate is 0 for identical densities', () => {
    const p = x.map((v) => mixturePdf([{ mean: 0, std: 1, weight: 1 }], v));
    assert.equal(jensenShannon(cellProbabilities(p, dx, 0), cellProbabilities(p, dx, 0)), 0);
  });

  it('the Jensen–Shannon estimate is log 2 for disjoint densities', () => {
    const p = x.map((v) => (v < -1 ? 1 : 0));
    const q = x.map((v) => (v > 1 ? 1 : 0));
    close(jensenShannon(cellProbabilities(p, dx, 0), cellProbabilities(q, dx, 0)), Math.LN2, 1e-12);
  });

  it('mass off the grid counts as disjoint from the data', () => {
    const p = x.map((v): number => (Math.abs(v) < 1 ? 1 : 0));
    const inside = p.reduce((a, b) => a + b, 0) * dx;
    // q: the same shape with half its mass beyond the grid. JS = ½·log(4/3) + ¼·log(2/3) + ¼·log 2 = ¾·log(4/3).
    close(jensenShannon(cellProbabilities(p, dx, 0), cellProbabilities(p, dx, inside)), 0.75 * Math.log(4 / 3), 1e-12);
  });

  it('the mixture density integrates to 1; its mass over an interval uses the normalized weights', () => {
    const mixture = [{ mean: -2, std: 0.5, weight: 1 }, { mean: 2, std: 0.5, weight: 3 }];
    const sum = x.reduce((s, v) => s + mixturePdf(mixture, v) * dx, 0);
    close(sum, 1, 1e-6);
    // Weights normalized to ¼ and ¾; each component leaves Φ(−4) = 3.167e-5 on the other side of 0.
    close(mixtureMass(mixture, -10, 0), 0.25 + 0.5 * 3.1671e-5, 1e-7);
  });

  it('a KDE of samples from N(0, 1) matches its expectation, N(0, 1 + h²)', () => {
    const h = 0.3;
    const est = kde(new Rng(5).normalArray(20000), [0, 1], h);
    const expected = (v: number) => mixturePdf([{ mean: 0, std: Math.sqrt(1 + h * h), weight: 1 }], v);
    close(est[0], expected(0), 0.01, 'at 0:');
    close(est[1], expected(1), 0.01, 'at 1:');
  });

  it('D* = p_data / (p_data + p_g), null where both vanish', () => {
    assert.deepEqual(optimalDiscriminator([3, 1, 0, 0], [1, 3, 2, 0]), [0.75, 0.25, 0, null]);
  });
});

describe('1-D GAN model', () => {
  before(useCpuBackend);

  it('records the curves with consistent JS and values, and leaks no tensors across a step', async () => {
    const config = parseConfig(JSON.stringify({
      model: { type: 'gan-1d', generatorHidden: [8], discriminatorHidden: [8], densitySamples: 500, grid: { points: 50 } },
      training: { batchSize: 16, seed: 1 },
    }), 'test.genlab.json');
    const model = await modelFactory('gan-1d').create({ model: config.model, config, data: null });
    const step = (globalStep: number) => {
      const metrics = model.trainStep(null, { epoch: 1, step: globalStep, globalStep, seed: globalStep });
      for (const v of Object.values(metrics)) if (typeof v !== 'number') v.dispose();
      return Object.keys(metrics).sort();
    };
    assert.deepEqual(step(0), ['dFake', 'dLoss', 'dReal', 'gLoss']);
    const before = tf.memory().numTensors;
    step(1);
    assert.equal(tf.memory().numTensors, before);
    const [artifact] = await model.artifacts(1, 7);
    const curves = (artifact as { data: Gan1dCurvesData }).data;
    assert.equal(artifact.name, 'gan1d-curves');
    assert.equal(curves.step, 2);
    assert.equal(curves.x.length, 50);
    for (const key of ['pData', 'pG', 'd', 'dStar'] as const) assert.equal(curves[key].length, 50);
    assert.ok(curves.js > 0 && curves.js <= Math.LN2);
    close(curves.optimalValue, -Math.log(4) + 2 * curves.js, 1e-12);
    assert.ok(curves.value <= curves.optimalValue + 0.05, `V(D, G) ${curves.value} cannot beat max_D V ${curves.optimalValue} by much`);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });
});
