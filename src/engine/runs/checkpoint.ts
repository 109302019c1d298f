import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelState } from '../models/model';
import { writeFileDurable, writeJsonAtomic } from '../util/atomicFile';
import { asDiskFull } from '../util/diskFull';
import { binFile, CheckpointDamage, decodeWeightFile, readCheckpoint, sha256, type WeightFile } from './checkpointFiles';
import { planRetention, type CheckpointEntry } from './checkpointRetention';
import { checkCheckpointState, type CheckpointState, type TrainingPosition } from './checkpointState';

export type { TrainingPosition } from './checkpointState';

/** The folder a checkpoint is written into before it is renamed into place. */
const tempDirName = (name: string, pid: number) => `.tmp-${name}-${pid}`;
/** Where a checkpoint of the same name is moved while its replacement is renamed into place. */
const asideDirName = (name: string, pid: number) => `.old-${name}-${pid}`;

/** A checkpoint's temporary (`tmp`) or set-aside (`old`) folder: what it is, for which checkpoint, by which process. */
export function parseCheckpointTempDir(entry: string): { kind: 'tmp' | 'old'; name: string; pid: number } | null {
  const m = /^\.(tmp|old)-(ckpt-\d+)-(\d+)$/.exec(entry);
  return m ? { kind: m[1] as 'tmp' | 'old', name: m[2], pid: Number(m[3]) } : null;
}

/** Encodes tensors in the tfjs weights format: `<name>.json` (manifest) + its binary. */
async function encodeWeights(name: string, tensors: { name: string; tensor: tf.Tensor }[]): Promise<{ file: string; bytes: Buffer }[]> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  return [
    { file: binFile(name), bytes: Buffer.from(data) },
    { file: `${name}.json`, bytes: Buffer.from(JSON.stringify({
      format: 'genlab-weights', generatedBy: 'GenLab', convertedBy: null,
      weightsManifest: [{ paths: [binFile(name)], weights: specs }],
    })) },
  ];
}

/**
 * Saves a checkpoint: the model's variables (`model.json` + `weights.bin`), each optimizer's slots, and
 * the position with each file's SHA-256. Every file is flushed to disk in a temporary folder, which is
 * renamed into place, then `latest.json` is switched to it, so a kill at any moment leaves the previous
 * checkpoint usable. A full disk throws DiskFullError and leaves no partial folder.
 */
export async function saveCheckpoint(checkpointsDir: string, state: ModelState, position: TrainingPosition,
  keep: number | 'all' = 2): Promise<string> {
  const name = `ckpt-${String(position.globalStep).padStart(9, '0')}`;
  const files = await encodeWeights('model', Object.entries(state.variables).map(([n, v]) => ({ name: n, tensor: v })));
  const optimizerNames = Object.keys(state.optimizers);
  for (const n of optimizerNames) {
    const slots = await state.optimizers[n].getWeights();
    files.push(...await encodeWeights(`optimizer-${n}`, slots));
    // getWeights() hands out the optimizer's own slot variables plus a fresh `iterations` scalar: free only the latter.
    for (const { tensor } of slots) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  }
  const ckpt: CheckpointState = { format: 'genlab-checkpoint-1', savedAt: new Date().toISOString(), ...position,
    optimizers: optimizerNames, extra: state.extra?.(), sha256: Object.fromEntries(files.map((f) => [f.file, sha256(f.bytes)])) };
  files.push({ file: 'state.json', bytes: Buffer.from(JSON.stringify(ckpt, null, 2)) });

  const tmp = join(checkpointsDir, tempDirName(name, process.pid));
  const finalDir = join(checkpointsDir, name);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const { file, bytes } of files) writeFileDurable(join(tmp, file), bytes);
    moveIntoPlace(tmp, finalDir, join(checkpointsDir, asideDirName(name, process.pid)));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw asDiskFull(e, checkpointsDir, files.reduce((sum, f) => sum + f.bytes.byteLength, 0));
  }
  writeJsonAtomic(join(checkpointsDir, 'latest.json'), { checkpoint: name, epoch: position.epoch, step: position.step, globalStep: position.globalStep });
  applyRetention(checkpointsDir, keep);
  return finalDir;
}

/**
 * Renames the written folder into place. A checkpoint of the same name (a stop at step 0 saves the position
 * the last epoch-end checkpoint holds) is first moved aside and deleted only once the new one is in place:
 * a kill in between leaves both folders whole, and removeLeftovers moves the old one back.
 */
function moveIntoPlace(tmp: string, finalDir: string, aside: string): void {
  if (!existsSync(finalDir)) {
    renameSync(tmp, finalDir);
    return;
  }
  rmSync(aside, { recursive: true, force: true });
  renameSync(finalDir, aside);
  try {
    renameSync(tmp, finalDir);
  } catch (e) {
    renameSync(aside, finalDir);
    throw e;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Every checkpoint in the folder with the position it resumes at, oldest first (ones without a sound state.json left out). */
export function listCheckpoints(checkpointsDir: string): CheckpointEntry[] {
  return checkpointNames(checkpointsDir).flatMap((name) => {
    try {
      const checked = checkCheckpointState(JSON.parse(readFileSync(join(checkpointsDir, name, 'state.json'), 'utf8')));
      return 'state' in checked ? [{ name, epoch: checked.state.epoch, step: checked.state.step }] : [];
    } catch {
      // A checkpoint without a readable state.json is not one a run or `serve` can load.
      return [];
    }
  });
}

/** The `ckpt-*` folders, oldest first (names hold the zero-padded global step). */
function checkpointNames(checkpointsDir: string): string[] {
  if (!existsSync(checkpointsDir)) return [];
  return readdirSync(checkpointsDir).filter((f) => f.startsWith('ckpt-')).sort();
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

/**
 * Loads a checkpoint's weights and plain JSON state, not its optimizers: what `serve` needs (old kept checkpoints
 * have no optimizer slots).
 */
export function restoreWeights(dir: string, state: ModelState): void {
  const { state: ckpt, weights } = readCheckpoint(dir, 'weights');
  assignWeights(dir, weights.model, state.variables);
  if (ckpt.extra !== undefined) state.restoreExtra?.(ckpt.extra);
}

function assignWeights(dir: string, file: WeightFile, variables: Record<string, tf.Variable>): void {
  const weights = decodeWeightFile(dir, 'model', file);
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

/** The checkpoint to continue from, and the ones passed over on the way. */
export interface CheckpointChoice {
  /** The checkpoint folder, or null when there is no intact one. */
  dir: string | null;
  /** Why each checkpoint tried before it (or, with `dir` null, every one) cannot be used, newest first: "<file>: <problem>". */
  damaged: string[];
}

/**
 * The checkpoint a run continues from: the one `latest.json` names when it is intact, else the newest intact
 * one. Both none and no `damaged` means the run never saved one.
 */
export function chooseCheckpoint(checkpointsDir: string): CheckpointChoice {
  const damaged: string[] = [];
  const names = checkpointNames(checkpointsDir).reverse();
  const pointer = readLatestPointer(checkpointsDir);
  if ('problem' in pointer) damaged.push(pointer.problem);
  else if (pointer.name !== null && !names.includes(pointer.name)) {
    damaged.push(`${join(checkpointsDir, 'latest.json')}: names ${pointer.name}, which does not exist`);
  }
  const named = 'name' in pointer && pointer.name !== null && names.includes(pointer.name) ? [pointer.name] : [];
  for (const name of [...named, ...names.filter((n) => !named.includes(n))]) {
    try {
      readCheckpoint(join(checkpointsDir, name), 'resume');
      return { dir: join(checkpointsDir, name), damaged };
    } catch (e) {
      if (!(e instanceof CheckpointDamage)) throw e;
      damaged.push(e.message);
    }
  }
  return { dir: null, damaged };
}

/** The checkpoint `latest.json` names (null without the file), or what is wrong with the file. */
function readLatestPointer(checkpointsDir: string): { name: string | null } | { problem: string } {
  const file = join(checkpointsDir, 'latest.json');
  if (!existsSync(file)) return { name: null };
  try {
    const { checkpoint } = JSON.parse(readFileSync(file, 'utf8')) as { checkpoint?: unknown };
    if (typeof checkpoint === 'string' && /^ckpt-\d+$/.test(checkpoint)) return { name: checkpoint };
    return { problem: `${file}: "checkpoint" is not a checkpoint folder name` };
  } catch {
    return { problem: `${file}: is not valid JSON` };
  }
}

/** The intact checkpoint to load (see chooseCheckpoint), or null. */
export function latestCheckpoint(checkpointsDir: string): string | null {
  return chooseCheckpoint(checkpointsDir).dir;
}

/** Where the intact checkpoint to load (see chooseCheckpoint) continues from, or null when there is none. */
export function latestCheckpointPosition(checkpointsDir: string): TrainingPosition | null {
  const { dir } = chooseCheckpoint(checkpointsDir);
  return dir ? readCheckpoint(dir, 'weights').state : null;
}

/** Loads a checkpoint into the model's variables and optimizers; returns where to continue. */
export async function restoreCheckpoint(dir: string, state: ModelState): Promise<TrainingPosition> {
  const { state: ckpt, weights } = readCheckpoint(dir, 'resume');
  assignWeights(dir, weights.model, state.variables);
  for (const n of ckpt.optimizers) {
    const optimizer = state.optimizers[n];
    if (!optimizer) throw new Error(`checkpoint ${dir} has optimizer "${n}" that the model does not`);
    const slots = decodeWeightFile(dir, `optimizer-${n}`, weights[`optimizer-${n}`]);
    // getWeights() order is the order setWeights() expects; the manifest keeps it.
    await optimizer.setWeights(Object.entries(slots).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(Object.values(slots));
  }
  if (ckpt.extra !== undefined) state.restoreExtra?.(ckpt.extra);
  return { epoch: ckpt.epoch, step: ckpt.step, globalStep: ckpt.globalStep, epochSums: ckpt.epochSums, epochCount: ckpt.epochCount };
}
