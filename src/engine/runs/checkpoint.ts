import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelState } from '../models/model';
import { writeJsonAtomic } from '../util/atomicFile';
import { planRetention, type CheckpointEntry } from './checkpointRetention';

/** Where training stands: the next step to run and the partial sums of the epoch in progress. */
export interface TrainingPosition {
  epoch: number;
  step: number;
  globalStep: number;
  /** Sums and counts of step metrics in the current epoch, so the epoch's means come out the same. */
  epochSums: Record<string, number>;
  epochCount: number;
}

interface CheckpointState extends TrainingPosition {
  format: 'genlab-checkpoint-1';
  savedAt: string;
  optimizers: string[];
  extra?: unknown;
}


/** Binary file beside a manifest: `model.json` → `weights.bin`, `optimizer-adam.json` → `optimizer-adam.bin`. */
const binFile = (name: string) => (name === 'model' ? 'weights.bin' : `${name}.bin`);

/** Writes tensors in the tfjs weights format: `<name>.json` (manifest) + its binary. */
async function writeWeights(dir: string, name: string, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  writeFileSync(join(dir, binFile(name)), Buffer.from(data));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({
    format: 'genlab-weights', generatedBy: 'GenLab', convertedBy: null,
    weightsManifest: [{ paths: [binFile(name)], weights: specs }],
  }));
}

function readWeights(dir: string, name: string): tf.NamedTensorMap {
  const manifest = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const bin = readFileSync(join(dir, binFile(name)));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.io.decodeWeights(buffer, manifest.weightsManifest[0].weights);
}

/**
 * Saves a checkpoint: the model's variables (`model.json` + `weights.bin`), each optimizer's
 * slots, and the position. It is written into a temporary folder and renamed into place, then
 * `latest.json` is switched to it, so a kill at any moment leaves the previous checkpoint usable.
 */
export async function saveCheckpoint(checkpointsDir: string, state: ModelState, position: TrainingPosition,
  keep: number | 'all' = 2): Promise<string> {
  const name = `ckpt-${String(position.globalStep).padStart(9, '0')}`;
  const tmp = join(checkpointsDir, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await writeWeights(tmp, 'model', Object.entries(state.variables).map(([n, v]) => ({ name: n, tensor: v })));
  const optimizerNames = Object.keys(state.optimizers);
  for (const n of optimizerNames) {
    const slots = await state.optimizers[n].getWeights();
    await writeWeights(tmp, `optimizer-${n}`, slots);
    // getWeights() hands out the optimizer's own slot variables plus a fresh `iterations` scalar: free only the latter.
    for (const { tensor } of slots) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  }
  const ckpt: CheckpointState = { format: 'genlab-checkpoint-1', savedAt: new Date().toISOString(), ...position,
    optimizers: optimizerNames, extra: state.extra?.() };
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(ckpt, null, 2));
  const finalDir = join(checkpointsDir, name);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(tmp, finalDir);
  writeJsonAtomic(join(checkpointsDir, 'latest.json'), { checkpoint: name, epoch: position.epoch, step: position.step, globalStep: position.globalStep });
  applyRetention(checkpointsDir, keep);
  return finalDir;
}

/** Every checkpoint in the folder with the position it resumes at, oldest first (unreadable ones left out). */
export function listCheckpoints(checkpointsDir: string): CheckpointEntry[] {
  if (!existsSync(checkpointsDir)) return [];
  const entries: CheckpointEntry[] = [];
  for (const name of readdirSync(checkpointsDir).filter((f) => f.startsWith('ckpt-')).sort()) {
    try {
      const { epoch, step } = JSON.parse(readFileSync(join(checkpointsDir, name, 'state.json'), 'utf8')) as CheckpointState;
      entries.push({ name, epoch, step });
    } catch {
      // A checkpoint without a readable state.json is not one a run or `serve` can load.
    }
  }
  return entries;
}

/** Deletes the checkpoints `output.keepCheckpoints` does not keep, and the optimizer slots of old ones it keeps. */
function applyRetention(checkpointsDir: string, keep: number | 'all'): void {
  const plan = planRetention(listCheckpoints(checkpointsDir), keep);
  for (const name of plan.remove) rmSync(join(checkpointsDir, name), { recursive: true, force: true });
  for (const name of plan.weightsOnly) {
    for (const file of readdirSync(join(checkpointsDir, name)).filter((f) => f.startsWith('optimizer-'))) {
      rmSync(join(checkpointsDir, name, file), { force: true });
    }
  }
}

/** Loads only a checkpoint's weights into the variables (what `serve` needs; old kept checkpoints have no optimizer slots). */
export function restoreWeights(dir: string, variables: Record<string, tf.Variable>): void {
  const weights = readWeights(dir, 'model');
  try {
    for (const [name, variable] of Object.entries(variables)) {
      const saved = weights[name];
      if (!saved) throw new Error(`checkpoint ${dir} has no weight "${name}": the model config changed since it was saved`);
      if (saved.shape.join('x') !== variable.shape.join('x')) {
        throw new Error(`checkpoint weight "${name}" has shape [${saved.shape}] but the model expects [${variable.shape}]`);
      }
      variable.assign(saved);
    }
  } finally {
    tf.dispose(Object.values(weights));
  }
}

export function latestCheckpoint(checkpointsDir: string): string | null {
  const pointer = join(checkpointsDir, 'latest.json');
  if (!existsSync(pointer)) return null;
  const { checkpoint } = JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint: string };
  const dir = join(checkpointsDir, checkpoint);
  return existsSync(join(dir, 'state.json')) ? dir : null;
}

/** Loads a checkpoint into the model's variables and optimizers; returns where to continue. */
export async function restoreCheckpoint(dir: string, state: ModelState): Promise<TrainingPosition> {
  const ckpt = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as CheckpointState;
  restoreWeights(dir, state.variables);
  for (const n of ckpt.optimizers) {
    const optimizer = state.optimizers[n];
    if (!optimizer) throw new Error(`checkpoint ${dir} has optimizer "${n}" that the model does not`);
    const slots = readWeights(dir, `optimizer-${n}`);
    // getWeights() order is the order setWeights() expects; the manifest keeps it.
    await optimizer.setWeights(Object.entries(slots).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(Object.values(slots));
  }
  if (ckpt.extra !== undefined) state.restoreExtra?.(ckpt.extra);
  return { epoch: ckpt.epoch, step: ckpt.step, globalStep: ckpt.globalStep, epochSums: ckpt.epochSums, epochCount: ckpt.epochCount };
}
