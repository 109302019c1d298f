/**
 * Adam's update alone on the MNIST VAE's parameters (784-512-512-2, 1.33M): tfjs's Adam against GenLab's
 * (the fused SIMD kernel on wasm), alternating, from the same start with the same gradients; then whether the two
 * left the same weights. `npx tsx bench/adam.ts [--threads N] [--steps N] [--rounds N]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/engine/backend/select';
import { makeOptimizer } from '../src/engine/nn/optimizers';
import { machine, numberFromArgs, threadsFromArgs } from './lib';

const SHAPES = [[784, 512], [512], [512, 512], [512], [512, 2], [2], [512, 2], [2], [2, 512], [512], [512, 512], [512], [512, 784], [784]];
const SETTINGS = { type: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999 } as const;

// Seeds start at 1: tfjs draws a random seed for seed 0.
const start = (): tf.Variable[] => SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 0.05, 'float32', i + 1)));

function msPerStep(opt: tf.Optimizer, gradients: tf.NamedTensorMap, vars: tf.Variable[], steps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) opt.applyGradients(gradients);
  vars[0].dataSync();
  return (performance.now() - t0) / steps;
}

async function main() {
  const choice = await selectBackend('wasm', { threads: threadsFromArgs() });
  const steps = numberFromArgs('--steps') ?? 40;
  const rounds = numberFromArgs('--rounds') ?? 3;
  const parameters = SHAPES.reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0);
  console.log(JSON.stringify({ bench: 'adam', machine: machine(), date: new Date().toISOString(), threads: choice.threads.threads, parameters }));
  const tfjsVars = start(), genlabVars = start();
  const gradientsFor = (vars: tf.Variable[]) => Object.fromEntries(vars.map((v, i) => [v.name, tf.randomNormal(v.shape, 0, 1, 'float32', 100 + i)]));
  const tfjsGradients = gradientsFor(tfjsVars), genlabGradients = gradientsFor(genlabVars);
  const tfjsAdam = tf.train.adam(SETTINGS.learningRate, SETTINGS.beta1, SETTINGS.beta2);
  const genlabAdam = makeOptimizer(SETTINGS);
  for (let round = 1; round <= rounds; round++) {
    const tfjs = msPerStep(tfjsAdam, tfjsGradients, tfjsVars, steps);
    const genlab = msPerStep(genlabAdam, genlabGradients, genlabVars, steps);
    console.log(JSON.stringify({ round, tfjsMsPerStep: +tfjs.toFixed(2), genlabMsPerStep: +genlab.toFixed(2), speedup: +(tfjs / genlab).toFixed(2) }));
  }
  let differing = 0;
  tfjsVars.forEach((v, i) => {
    const a = v.dataSync(), b = genlabVars[i].dataSync();
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) differing++;
  });
  console.log(JSON.stringify({ stepsEach: rounds * steps, differingWeights: differing, tensors: tf.memory().numTensors }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
