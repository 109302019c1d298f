import { strict as assert } from 'node:assert';
import { ConfigError, formatIssue, parseConfig } from '../../src/engine/config/load';
import type { GenlabConfig } from '../../src/engine/config/schema';
import { gatherBatch, type DataSplits, type ImageSet } from '../../src/engine/data/dataset';
import { MODEL_DEFINITIONS, modelDefinition } from '../../src/engine/models/definitions';
import { modelFactory } from '../../src/engine/models/factories';
import { setEpochLearningRate } from '../../src/engine/nn/optimizers';
import { Rng } from '../../src/engine/util/rng';
import { useCpuBackend } from './helpers/tfCpu';

/**
 * Every model × every common training setting a model could ignore: either the setting changes what a few
 * training steps do (same seed, same data), or validation refuses it for that model, naming the field.
 * Loop-level settings (epochs, seed, stepsPerEpoch, checkpoints, images, threads) are the trainer's for
 * every model; the ones here reach into the model.
 */

/** A tiny section per registered model, so each trains a few steps in well under a second. */
const TINY: Record<string, Record<string, unknown>> = {
  vae: { hidden: [8], manifoldSize: 2 },
  'categorical-vae': { categoricals: 2, classes: 3, hidden: [8] },
  nade: { hidden: 8, chunkSize: 50, samples: 1 },
  pixelcnn: { channels: 4, layers: 1, firstKernel: 3, samples: 1 },
  gan: { architecture: 'mlp', latentDim: 4, hidden: [8], samples: 1 },
  'gan-1d': { noiseDim: 2, generatorHidden: [8], discriminatorHidden: [8], densitySamples: 100, grid: { points: 10 } },
  'gumbel-gan': { discriminatorHidden: [8] },
  mcmc: { iterations: 100, chains: 2 },
  infogan: { noiseDim: 4, categories: 3, width: 2, hidden: 8, qHidden: 4, samplesPerCategory: 1, traversalSteps: 2 },
  cvae: { hidden: [8], samplesPerClass: 1, manifoldSize: 2 },
  acgan: { latentDim: 4, width: 2, samplesPerClass: 1, evaluationSamples: 10 },
  classifier: {},
  aae: { hidden: [8], discriminatorHidden: [4], mmdPoints: 8, scatterPoints: 8, manifoldSize: 2, samples: 1 },
};

/** The side of the synthetic images: 8, or what a model's fixed input needs. */
const SIDE: Record<string, number> = { classifier: 28 };
/** Batches of 8, or fewer where a step is slow on the pure-JS backend (the classifier's convolutions at 28×28). */
const BATCH: Record<string, number> = { classifier: 2 };

const STEPS = 4;

/** A common setting, at a value that differs from every model's default (what `training` gets merged with). */
interface Setting {
  path: string;
  value: unknown;
  /** Only models that make their own data read it; a data set's batches are cut by the training loop. */
  ownDataOnly?: boolean;
}

const SETTINGS: Setting[] = [
  { path: 'regularization', value: { l2: 100 } },
  { path: 'regularization', value: { l1: 100 } },
  { path: 'optimizer', value: { type: 'sgd' } },
  { path: 'optimizer', value: { type: 'rmsprop' } },
  { path: 'optimizer', value: { learningRate: 0.0123 } },
  { path: 'optimizer', value: { beta1: 0.3 } },
  { path: 'optimizer', value: { learningRateDecay: 0.1 } },
  { path: 'batchSize', value: 16, ownDataOnly: true },
];

const describeSetting = (s: Setting) => `training.${s.path} = ${JSON.stringify(s.value)}`;

/** The config text: `training` on its own lines, so a refusal's line and column can be checked. */
function configText(type: string, training: Record<string, unknown> = {}, model: Record<string, unknown> = {}): string {
  // Small batches keep it fast; mcmc has none (and refuses the setting).
  const base = { seed: 7, epochs: 2, stepsPerEpoch: STEPS, ...(type === 'mcmc' ? {} : { batchSize: BATCH[type] ?? 8 }) };
  return JSON.stringify({ model: { type, ...TINY[type], ...model }, training: { ...base, ...training } }, null, 2);
}

/** 16 binary 8×8 images (binary suits NADE and every other image model; none of the MLPs needs 28×28). */
function syntheticData(config: GenlabConfig): DataSplits | null {
  if (!config.data) return null;
  const side = SIDE[config.model.type] ?? 8;
  const rng = new Rng(99);
  const set = (count: number): ImageSet => ({
    pixels: Uint8Array.from({ length: count * side * side }, () => (rng.uniform() < 0.3 ? 255 : 0)),
    labels: new Uint8Array(count), count, height: side, width: side, channels: 1,
  });
  return { source: 'synthetic', train: set(16), test: set(8), skipped: 0 };
}

interface Trained {
  weights: Record<string, Float32Array>;
  ranks: Record<string, number>;
}

const trainedCache = new Map<string, Promise<Trained>>();

/** trainWeights, once per config text (each model's plain config is the baseline of many rows). */
function trained(text: string): Promise<Trained> {
  if (!trainedCache.has(text)) trainedCache.set(text, trainWeights(text));
  return trainedCache.get(text)!;
}

/** The model's weights after STEPS steps of epoch 2 the way the training loop runs them (rate schedule, batches). */
async function trainWeights(text: string): Promise<Trained> {
  const config = parseConfig(text, 'x.genlab.json');
  const data = syntheticData(config);
  const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
  try {
    const state = model.state();
    for (const optimizer of Object.values(state.optimizers)) setEpochLearningRate(optimizer, 2, config.training.optimizer.learningRateDecay);
    const batchSize = config.training.batchSize;
    for (let step = 0; step < STEPS; step++) {
      const batch = data ? gatherBatch(data.train, Array.from({ length: batchSize }, (_, i) => (step * batchSize + i) % data.train.count)) : null;
      const metrics = model.trainStep(batch, { epoch: 2, step, globalStep: step, seed: 1000 + step });
      batch?.x.dispose();
      for (const v of Object.values(metrics)) if (typeof v !== 'number') v.dispose();
    }
    return {
      weights: Object.fromEntries(Object.entries(state.variables).map(([name, v]) => [name, v.dataSync() as Float32Array])),
      ranks: Object.fromEntries(Object.entries(state.variables).map(([name, v]) => [name, v.rank])),
    };
  } finally {
    model.dispose();
  }
}

/** Σ|w| or Σw² over the weight matrices and conv kernels (rank ≥ 2: not biases, gains or logit vectors). */
function kernelNorm({ weights, ranks }: Trained, power: 1 | 2): number {
  let sum = 0;
  for (const [name, values] of Object.entries(weights)) {
    if (ranks[name] < 2) continue;
    for (const w of values) sum += power === 1 ? Math.abs(w) : w * w;
  }
  return sum;
}

/** The field a model's definition says it does not use that covers `path` (`optimizer` covers `optimizer.type`). */
function unusedField(type: string, model: Record<string, unknown>, path: string): { path: string; reason: string } | undefined {
  const config = parseConfig(configText(type), 'x.genlab.json');
  const unused = modelDefinition(type)!.unusedTraining?.({ ...config.model, ...model }) ?? [];
  return unused.find((u) => path === u.path || path.startsWith(`${u.path}.`) || u.path.startsWith(`${path}.`));
}

/** The first issue of a refused config. */
function refusal(text: string): ConfigError['issues'][number] {
  try {
    parseConfig(text, 'x.genlab.json');
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.issues[0];
  }
  assert.fail('the config was accepted');
}

/** Line and column (1-based) where `"key":`'s value starts in the text (the first such key under training). */
function valuePosition(text: string, key: string): { line: number; column: number } {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.includes('"training"'));
  const line = lines.findIndex((l, i) => i > from && l.includes(`"${key}":`));
  return { line: line + 1, column: lines[line].indexOf(`"${key}":`) + key.length + 5 };
}

describe('common training settings: honoured by every model, or refused at validation', function () {
  this.timeout(60000);
  before(useCpuBackend);

  it('the table has a tiny config for every registered model', () => {
    assert.deepEqual(Object.keys(TINY).sort(), MODEL_DEFINITIONS.map((d) => d.type).sort());
  });

  for (const definition of MODEL_DEFINITIONS) {
    const type = definition.type;
    it(`${type}: a config with every default written out (as a run's config.json is) validates again`, () => {
      const config = parseConfig(configText(type), 'x.genlab.json');
      const again = parseConfig(JSON.stringify({ ...config, data: config.data ?? undefined }), 'config.json');
      assert.deepEqual(again.training, config.training);
    });

    for (const setting of SETTINGS) {
      if (setting.ownDataOnly && definition.defaultData !== null) continue;
      const unused = unusedField(type, {}, setting.path === 'optimizer' ? `optimizer.${Object.keys(setting.value as object)[0]}` : setting.path);
      if (unused) {
        it(`${type}: ${describeSetting(setting)} is refused, naming training.${unused.path} and why`, () => {
          const text = configText(type, { [setting.path]: setting.value });
          const issue = refusal(text);
          assert.equal(issue.path, `training.${unused.path}`);
          assert.equal(issue.message, unused.reason);
          assert.deepEqual({ line: issue.line, column: issue.column }, valuePosition(text, unused.path.split('.').pop()!));
          assert.match(formatIssue(issue), new RegExp(`^x\\.genlab\\.json:\\d+:\\d+: training\\.${unused.path}: ${type} `));
        });
      } else {
        it(`${type}: ${describeSetting(setting)} changes training`, async () => {
          const plain = await trained(configText(type));
          const set = await trained(configText(type, { [setting.path]: setting.value }));
          if (setting.path === 'regularization') {
            const power = 'l1' in (setting.value as object) ? 1 : 2;
            const [without, withPenalty] = [kernelNorm(plain, power), kernelNorm(set, power)];
            assert.ok(withPenalty < without, `the penalty left the weight matrices' norm at ${withPenalty} (${without} without)`);
          } else {
            assert.notDeepEqual(set.weights, plain.weights, 'the weights after training are the same with and without the setting');
          }
        });
      }
    }
  }

  // The GANs' own learning rates replace training.optimizer.learningRate network by network.
  for (const type of ['gan', 'gan-1d', 'gumbel-gan', 'infogan', 'acgan']) {
    it(`${type}: training.optimizer.learningRate is refused when both networks have their own rate`, () => {
      const text = configText(type, { optimizer: { learningRate: 0.0123 } }, { generatorLearningRate: 1e-3, discriminatorLearningRate: 1e-3 });
      const issue = refusal(text);
      assert.equal(issue.path, 'training.optimizer.learningRate');
      assert.match(issue.message, /model\.generatorLearningRate and model\.discriminatorLearningRate both replace it/);
      assert.deepEqual({ line: issue.line, column: issue.column }, valuePosition(text, 'learningRate'));
    });

    it(`${type}: with one network's own rate, training.optimizer.learningRate still trains the other`, async () => {
      const rates = { generatorLearningRate: 1e-3 };
      const plain = await trained(configText(type, {}, rates));
      const set = await trained(configText(type, { optimizer: { learningRate: 0.0123 } }, rates));
      const discriminator = (t: Trained) => Object.entries(t.weights).filter(([n]) => n.startsWith('discriminator/'));
      assert.notDeepEqual(discriminator(set), discriminator(plain));
    });
  }
});
