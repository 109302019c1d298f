import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../train/errors';
import { checkCheckpointState, type CheckpointState } from './checkpointState';

/** A checkpoint file that is missing, cannot be read, or does not hold what it should. Exit code 2: named, never trusted. */
export class CheckpointDamage extends InputError {
  override name = 'CheckpointDamage';

  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
  }
}

/** Binary file beside a manifest: `model.json` → `weights.bin`, `optimizer-adam.json` → `optimizer-adam.bin`. */
export const binFile = (name: string) => (name === 'model' ? 'weights.bin' : `${name}.bin`);

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A tfjs weights file pair, checked: its manifest entries and exactly the bytes they describe. */
export interface WeightFile {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}

/** What a use of a checkpoint needs: its weights (`serve`, export), or everything to continue training. */
export type CheckpointNeed = 'weights' | 'resume';

export interface CheckpointContents {
  state: CheckpointState;
  /** `model`, and with 'resume' each `optimizer-<name>`. */
  weights: Record<string, WeightFile>;
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/**
 * Reads a checkpoint and checks all of it that `need` uses before anything is loaded: state.json field by
 * field, each file present, its SHA-256 where state.json records one, each manifest well-formed and each
 * binary exactly as long as its manifest says (which finds a truncated file even in an old checkpoint
 * without checksums). Throws CheckpointDamage naming the file.
 */
export function readCheckpoint(dir: string, need: CheckpointNeed): CheckpointContents {
  const state = readState(dir);
  const read = (file: string): Buffer => {
    const bytes = readFileIn(dir, file);
    const expected = state.sha256?.[file];
    if (expected !== undefined && sha256(bytes) !== expected) {
      throw new CheckpointDamage(join(dir, file), 'its content does not match the SHA-256 recorded in state.json (damaged)');
    }
    return bytes;
  };
  const names = ['model', ...(need === 'resume' ? state.optimizers.map((n) => `optimizer-${n}`) : [])];
  const weights: Record<string, WeightFile> = {};
  for (const name of names) weights[name] = checkWeightFile(dir, name, read(`${name}.json`), read(binFile(name)));
  return { state, weights };
}

/** Decodes a checked weight file into tensors (the caller disposes them). */
export function decodeWeightFile(dir: string, name: string, file: WeightFile): tf.NamedTensorMap {
  try {
    return tf.io.decodeWeights(file.data, file.specs);
  } catch (e) {
    throw new CheckpointDamage(join(dir, binFile(name)), `cannot be decoded (${(e as Error).message})`);
  }
}

function readState(dir: string): CheckpointState {
  const file = join(dir, 'state.json');
  let value: unknown;
  try {
    value = JSON.parse(readFileIn(dir, 'state.json').toString('utf8'));
  } catch (e) {
    if (e instanceof CheckpointDamage) throw e;
    throw new CheckpointDamage(file, 'is not valid JSON');
  }
  const checked = checkCheckpointState(value);
  if ('problem' in checked) throw new CheckpointDamage(file, checked.problem);
  return checked.state;
}

function readFileIn(dir: string, file: string): Buffer {
  try {
    return readFileSync(join(dir, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CheckpointDamage(join(dir, file), code === 'ENOENT' ? 'is missing' : `cannot be read (${code})`);
  }
}

function checkWeightFile(dir: string, name: string, manifestBytes: Buffer, bin: Buffer): WeightFile {
  const manifestFile = join(dir, `${name}.json`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw new CheckpointDamage(manifestFile, 'is not valid JSON');
  }
  const specs = (manifest as { weightsManifest?: { weights?: unknown }[] } | null)?.weightsManifest?.[0]?.weights;
  const wellFormed = Array.isArray(specs) && specs.every((s: tf.io.WeightsManifestEntry) => typeof s?.name === 'string'
    && Array.isArray(s.shape) && s.shape.every((d) => Number.isInteger(d) && d >= 0) && BYTES_PER_ELEMENT[s.dtype] !== undefined);
  if (!wellFormed) throw new CheckpointDamage(manifestFile, 'is not a tfjs weights manifest (weightsManifest[0].weights)');
  const expected = (specs as tf.io.WeightsManifestEntry[])
    .reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[s.dtype], 0);
  if (bin.byteLength !== expected) {
    throw new CheckpointDamage(join(dir, binFile(name)), `has ${bin.byteLength} bytes but ${name}.json describes ${expected}`);
  }
  return { specs: specs as tf.io.WeightsManifestEntry[], data: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer };
}
