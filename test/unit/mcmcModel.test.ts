import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { loadConfig, parseConfig } from '../../src/engine/config/load';
import type { GenlabConfig } from '../../src/engine/config/schema';
import type { McmcConfig } from '../../src/engine/models/mcmc/config';
import { mcmcFactory } from '../../src/engine/models/mcmc/model';
import type { GenerativeModel } from '../../src/engine/models/model';
import type { McmcDiagnosticsData, McmcHist2dData, McmcPathData, McmcTraceData } from '../../src/shared/protocol';
import { RunStore } from '../../src/engine/runs/store';
import { deriveSeed } from '../../src/engine/util/rng';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = 'examples/metropolis-two-coins.genlab.json';

function config(overrides: string[]): GenlabConfig {
  return parseConfig(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, overrides);
}

async function create(c: GenlabConfig): Promise<GenerativeModel> {
  return mcmcFactory.create({ model: c.model as unknown as McmcConfig, config: c, data: null });
}

/** Runs global steps [from, to) the way the training loop does. */
function run(model: GenerativeModel, from: number, to: number): void {
  for (let g = from; g < to; g++) model.trainStep(null, { epoch: 1, step: g, globalStep: g, seed: deriveSeed(0, 0x57e9, g) });
}

describe('mcmc model (GenerativeModel)', () => {
  const tmp = useTempDir();
  const small = ['model.iterations=4000', 'training.epochs=2', 'training.stepsPerEpoch=5'];

  it('spreads the iterations over the steps and reports the diagnostics', async () => {
    const model = await create(config(small));
    assert.equal(model.stepsPerEpoch, 5);
    run(model, 0, 10);
    const metrics = await model.evaluate(2, 0);
    assert.equal(metrics.iterations, 4000);
    assert.ok(metrics.acceptanceRate > 0.2 && metrics.acceptanceRate < 0.9, `acceptance ${metrics.acceptanceRate}`);
    for (const key of ['theta1Mean', 'theta2Sd', 'theta1Rhat', 'theta2EssBulk', 'rhatMax', 'essTailMin']) {
      assert.ok(Number.isFinite(metrics[key]), `${key} = ${metrics[key]}`);
    }
    const artifacts = Object.fromEntries((await model.artifacts(2, 0)).map((a) => [a.name, a]));
    assert.deepEqual(Object.keys(artifacts).sort(), ['diagnostics', 'hist2d', 'path', 'posterior', 'trace']);
    const trace = (artifacts.trace as { data: McmcTraceData }).data;
    assert.equal(trace.chains.length, 4);
    assert.ok(trace.chains[0].iteration.length <= 2000 && trace.chains[0].values.length === 2);
    assert.equal((artifacts.path as { data: McmcPathData }).data.chains[0].length, 300);
    const hist = (artifacts.hist2d as { data: McmcHist2dData }).data;
    assert.equal(hist.counts.flat().reduce((a, b) => a + b, 0), 4 * 3600);
    const diag = (artifacts.diagnostics as { data: McmcDiagnosticsData }).data;
    assert.equal(diag.rows.length, 2);
    assert.equal(diag.thresholds.rhat, 1.01);
  });

  it('during burn-in it reports only finite progress metrics', async () => {
    const model = await create(config(small));
    run(model, 0, 1);
    const metrics = await model.evaluate(1, 0);
    assert.deepEqual(Object.keys(metrics).sort(), ['acceptanceRate', 'iterations']);
    assert.deepEqual((await model.artifacts(1, 0)).map((a) => a.name), ['trace', 'path']);
  });

  it('resumes exactly from its checkpoint state', async () => {
    const whole = await create(config(small));
    run(whole, 0, 10);
    const first = await create(config(small));
    run(first, 0, 4);
    const saved = JSON.parse(JSON.stringify(first.state().extra!()));
    const resumed = await create(config(small));
    resumed.state().restoreExtra!(saved);
    run(resumed, 4, 10);
    assert.deepEqual(await resumed.evaluate(2, 0), await whole.evaluate(2, 0));
    assert.deepEqual(await resumed.sample(5, 3), await whole.sample(5, 3));
  });

  it('one coin gives no path or 2-D histogram', async () => {
    const model = await create(config([...small, 'model.coins=[{"heads":3,"flips":10}]']));
    run(model, 0, 10);
    assert.deepEqual((await model.artifacts(2, 0)).map((a) => a.name), ['trace', 'posterior', 'diagnostics']);
  });

  it('a run folder of this data-less model reloads its config, as --resume does', () => {
    const c = config(small);
    assert.equal(c.data, null);
    const store = RunStore.create(tmp.path, c);
    assert.deepEqual(loadConfig(store.configPath).model, c.model);
  });

  it('the config rejects more heads than flips', () => {
    assert.throws(() => config(['model.coins=[{"heads":8,"flips":7}]']), /heads cannot exceed flips/);
  });
});
