/**
 * NADE speed on MNIST (784 pixels, 500 hidden units, batch 100) on the default backend: training
 * steps, exact-NLL evaluation, and what that makes an epoch. `npx tsx bench/nade.ts [--steps 5]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../src/engine/backend/select';
import { loadConfig } from '../src/engine/config/load';
import { gatherBatch } from '../src/engine/data/dataset';
import { loadData } from '../src/engine/data/load';
import { modelFactory } from '../src/engine/models/factories';
import { deriveSeed, Rng } from '../src/engine/util/rng';

const EXAMPLE = join(__dirname, '..', 'examples', 'nade-mnist.genlab.json');
const EVAL_IMAGES = 500;
const round = (v: number) => Number(v.toPrecision(3));

async function main() {
  const i = process.argv.indexOf('--steps');
  const steps = i > 0 ? Number(process.argv[i + 1]) : 5;
  const backend = await selectBackend('auto');
  const config = loadConfig(EXAMPLE, [`data.testLimit=${EVAL_IMAGES}`]);
  const data = (await loadData(config.data!));
  const model = await modelFactory('nade').create({ model: config.model, config, data });
  const batchSize = config.training.batchSize;
  const rng = new Rng(1);
  const step = async (s: number) => {
    const batch = gatherBatch(data.train, Array.from({ length: batchSize }, () => rng.int(data.train.count)));
    const { nll } = model.trainStep(batch, { epoch: 1, step: s, globalStep: s, seed: deriveSeed(9, s) }) as { nll: tf.Scalar };
    batch.x.dispose();
    await nll.data();
    nll.dispose();
  };
  await step(0);
  // CPU time beside wall time: on a shared machine the wall clock mostly measures the neighbours.
  const cpu = () => process.cpuUsage().user / 1e6;
  let [t0, c0] = [performance.now(), cpu()];
  for (let s = 1; s <= steps; s++) await step(s);
  const train = { wall: (performance.now() - t0) / 1000 / steps, cpu: (cpu() - c0) / steps };
  [t0, c0] = [performance.now(), cpu()];
  await model.evaluate(1, 0);
  // evaluate() runs the test set and as many training images.
  const evaluation = { wall: (performance.now() - t0) / 1000 / (2 * EVAL_IMAGES), cpu: (cpu() - c0) / (2 * EVAL_IMAGES) };
  model.dispose();
  console.log(JSON.stringify({
    bench: 'nade-mnist', machine: `${cpus()[0]?.model} ×${cpus().length}, Node ${process.version}`, date: new Date().toISOString(),
    backend: backend.name, steps, batchSize,
    trainMsPerExample: { wall: round((1000 * train.wall) / batchSize), cpu: round((1000 * train.cpu) / batchSize) },
    evalMsPerExample: { wall: round(1000 * evaluation.wall), cpu: round(1000 * evaluation.cpu) },
    epochMinutes: { wall: round((60000 / batchSize) * train.wall / 60 + (20000 * evaluation.wall) / 60),
      cpu: round((60000 / batchSize) * train.cpu / 60 + (20000 * evaluation.cpu) / 60) },
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
