import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { GenerativeModel } from '../../src/engine/models/model';
import { modelFactory } from '../../src/engine/models/factories';
import { categoricalSource } from '../../src/engine/models/gumbelGan/symbols';
import type { CategoryProbsData } from '../../src/shared/protocol';
import { useCpuBackend } from './helpers/tfCpu';
import { useTempDir } from './helpers/tmp';

const TARGET = [0.1, 0.2, 0.2, 0.2, 0.3];

/** Models made by a test; disposed after it, pass or fail (variable names are global in tfjs). */
const made: GenerativeModel[] = [];

async function create(model: Record<string, unknown>, file = 'test.genlab.json'): Promise<GenerativeModel> {
  const config = parseConfig(JSON.stringify({ model: { type: 'gumbel-gan', ...model }, training: { batchSize: 128, seed: 3 } }), file);
  made.push(await modelFactory('gumbel-gan').create({ model: config.model, config, data: null }));
  return made[made.length - 1];
}

function runSteps(model: GenerativeModel, steps: number, from = 0): void {
  for (let s = from; s < from + steps; s++) {
    const metrics = model.trainStep(null, { epoch: 1, step: s, globalStep: s, seed: 1000 + s });
    for (const v of Object.values(metrics)) if (typeof v !== 'number') v.dispose();
  }
}

const maxError = (m: Record<string, number>) => m.maxAbsError;

describe('categorical GAN (Gumbel-softmax)', () => {
  before(useCpuBackend);
  afterEach(() => made.splice(0).forEach((m) => m.dispose()));
  const tmp = useTempDir();

  it('draws real samples with the target frequencies', () => {
    const counts = new Array(5).fill(0);
    for (const k of categoricalSource(TARGET).draw(50000, 1)) counts[k]++;
    counts.forEach((c, k) => assert.ok(Math.abs(c / 50000 - TARGET[k]) < 0.01, `category ${k}: ${c / 50000}`));
  });

  it('a short run moves the probabilities from uniform toward the target', async () => {
    // Larger steps than the example's, so that a hundred of them show the direction.
    const model = await create({ generatorLearningRate: 5e-3, discriminatorLearningRate: 5e-3 });
    const start = await model.evaluate(0, 0);
    assert.ok(Math.abs(start.p_a - 0.2) < 1e-6 && Math.abs(maxError(start) - 0.1) < 1e-6, 'starts uniform');
    runSteps(model, 100);
    const after = await model.evaluate(1, 0);
    assert.ok(maxError(after) < 0.6 * maxError(start), `max |p − target| ${maxError(start)} → ${maxError(after)}`);
    assert.ok(after.p_a < 0.2 && after.p_e > 0.2, `p_a ${after.p_a}, p_e ${after.p_e}`);
  });

  it('leaks no tensors across a step and reports the artifact', async () => {
    const model = await create({ temperature: { type: 'exponential', initial: 1, min: 0.5, rate: 1e-3, everySteps: 1 } });
    runSteps(model, 1);
    const before = tf.memory().numTensors;
    runSteps(model, 1, 1);
    assert.equal(tf.memory().numTensors, before);
    await model.evaluate(1, 0);
    const [artifact] = await model.artifacts(1, 0);
    const data = (artifact as { data: CategoryProbsData }).data;
    assert.equal(artifact.name, 'category-probs');
    assert.deepEqual(data.categories, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(data.epochs, [1]);
    assert.equal(data.sampleCounts.reduce((a, b) => a + b, 0), data.sampleTotal);
    assert.ok(Math.abs(data.temperature - Math.exp(-1e-3)) < 1e-12, `τ at step 1: ${data.temperature}`);
    assert.equal(tf.memory().numTensors, before);
  });

  it('keeps the heat map\'s history through a checkpoint (extra state)', async () => {
    const first = await create({});
    await first.evaluate(1, 0);
    await first.evaluate(2, 0);
    const saved = JSON.parse(JSON.stringify(first.state().extra!()));
    first.dispose();
    made.splice(0);
    const resumed = await create({});
    resumed.state().restoreExtra!(saved);
    // A resumed run replays from epoch 2: that row is replaced, not repeated.
    await resumed.evaluate(2, 0);
    await resumed.evaluate(3, 0);
    const data = ((await resumed.artifacts(3, 0))[0] as { data: CategoryProbsData }).data;
    assert.deepEqual(data.epochs, [1, 2, 3]);
  });

  it('takes its target from a data file of symbols, relative to the config', async () => {
    writeFileSync(join(tmp.path, 'symbols.txt'), 'aab\nbbc c\n');
    const model = await create({ categories: 'abc', dataFile: 'symbols.txt' }, join(tmp.path, 'exp.genlab.json'));
    const m = await model.evaluate(0, 0);
    // Uniform start against target (2, 3, 2)/7.
    assert.ok(Math.abs(m.maxAbsError - Math.abs(1 / 3 - 3 / 7)) < 1e-6, `max error ${m.maxAbsError}`);
  });

  it('rejects a target that does not sum to 1 or does not match the categories', () => {
    assert.throws(() => parseConfig(JSON.stringify({ model: { type: 'gumbel-gan', target: [0.5, 0.6, 0, 0, 0] } }), 't.json'), /sum to 1|positive|greater/);
    assert.throws(() => parseConfig(JSON.stringify({ model: { type: 'gumbel-gan', categories: 'ab', target: TARGET } }), 't.json'), /5 probabilities for 2/);
  });
});
