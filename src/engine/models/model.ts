import type * as tf from '@tensorflow/tfjs-core';
import type { GeneratedOutputs, GenerateRequest, MetricValues, OutputSpace } from '../../shared/protocol';
import type { GenlabConfig } from '../config/schema';
import type { ExportedNetwork, ExportPart } from '../export/network';
import type { Batch, DataSplits } from '../data/dataset';
import type { Picture } from '../images/picture';

/** Where the loop is: epochs count from 1, steps from 0. */
export interface StepPosition {
  epoch: number;
  /** Step within the epoch. */
  step: number;
  /** Steps completed in the whole run before this one. */
  globalStep: number;
  /** Seed for this step's random draws; the same on a resumed run. */
  seed: number;
}

/** What a model shows for an epoch: a picture, or data the panel draws itself. */
export type Artifact =
  | { name: string; kind: 'image'; picture: Picture }
  | { name: string; kind: 'json'; data: unknown };

/** Everything a checkpoint must hold to continue exactly where the model stopped. */
export interface ModelState {
  /** Weights and any other persistent tensors (batch-norm statistics), by unique name. */
  variables: Record<string, tf.Variable>;
  optimizers: Record<string, tf.Optimizer>;
  /** Plain JSON state that is not a tensor (a temperature schedule, sampler chains, …). */
  extra?: () => unknown;
  restoreExtra?: (value: unknown) => void;
}

export interface ModelContext<C> {
  /** The model's own config section, validated. */
  model: C;
  config: GenlabConfig;
  /** Loaded data, when the model uses a data set. */
  data: DataSplits | null;
}

/**
 * The small common interface of every trainable model. The training loop owns epochs, batching,
 * checkpoints, events and files; a model only learns, measures and draws.
 */
export interface GenerativeModel {
  /** Steps per epoch for models that make their own data (no data set). */
  readonly stepsPerEpoch?: number;
  /**
   * One optimization step (or one chunk of sampler iterations). Returns scalar metrics, as tensors
   * where they live on the device: the loop reads those asynchronously and disposes them, so a step
   * never waits on the device.
   */
  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar | number>;
  /** End-of-epoch metrics, e.g. on the test set. */
  evaluate(epoch: number, seed: number): Promise<MetricValues>;
  /** The epoch's views. */
  artifacts(epoch: number, seed: number): Promise<Artifact[]>;
  /** New samples for `genlab sample`. */
  sample(n: number, seed: number): Promise<Artifact[]>;
  /** Images for the quality metrics (FID, class coverage, conditional accuracy); absent for models that make no images. */
  qualitySamples?(n: number, seed: number): Promise<QualitySamples>;
  state(): ModelState;
  /** The part's network for `genlab export`; throws ExportRefusal (saying why) for a part it cannot export. */
  exportNetwork?(part: ExportPart): ExportedNetwork;
  /** Sampler draws for `genlab export --draws`: one row per chain and stored iteration. */
  exportDraws?(): DrawsTable;
  dispose(): void;
  /** What `genlab serve` may ask this model (decode, encode, complete); absent when it has nothing to explore. */
  explorer?(): ModelExplorer;
}

/** `count` generated images in the data set's shape (row-major N×H×W×C), pixel values in [0, 1]. */
export interface QualitySamples {
  images: Float32Array;
  count: number;
  /** A conditional model's requested class of each image, which the conditional accuracy checks. */
  labels?: Uint8Array;
}

/** The space a model decodes from: Gaussian codes, or one-hot classes per categorical variable (flattened). */
export type LatentSpace =
  | { kind: 'gaussian'; dim: number }
  | { kind: 'categorical'; variables: number; classes: number };

/** Posterior of test images under an encoder: per image, the mean and variance of q(z|x). */
export interface Posterior {
  mean: number[][];
  variance: number[][];
}

/** One autoregressive completion of a partly hidden image, with log p of the whole completed image. */
export interface Completion {
  picture: Picture;
  logLikelihood: number;
}

/**
 * The questions `genlab serve` asks a trained model. Each model implements what it has: a decoder
 * (`latent`, `prior`, `decode`), an encoder (`encode`), exact conditionals (`complete`), or a generator of
 * plain numbers rather than images (`outputs`, `generate`).
 */
export interface ModelExplorer {
  outputs?: OutputSpace;
  /** What the generator puts out for the noise `z` (or `n` prior draws), or at `temperature`. */
  generate?(request: GenerateRequest): Promise<GeneratedOutputs>;
  latent?: LatentSpace;
  /** `n` points drawn from the prior, each of the latent's flat length. */
  prior?(n: number, seed: number): number[][];
  /** One picture per latent point, in inference mode. */
  decode?(z: number[][]): Promise<Picture[]>;
  /** Test-set images by index → q(z|x). */
  encode?(indices: number[]): Promise<Posterior>;
  /**
   * Keeps the pixels where `mask` is 0 and samples those where it is 1 from the model's exact
   * conditionals, `n` times. `pixels` and `mask` are row-major over the image.
   */
  complete?(pixels: number[], mask: number[], n: number, seed: number): Promise<Completion[]>;
}

/** Draws of every chain, the layout ArviZ and Stan's posterior read (chain, iteration, θ1, …). */
export interface DrawsTable {
  parameters: string[];
  /** [chain, iteration (1-based), postBurnIn, ...θ]. */
  rows: { chain: number; iteration: number; postBurnIn: boolean; values: number[] }[];
}

/** The trainable side of a model: builds it from a validated config. */
export interface ModelFactory<C = unknown> {
  type: string;
  create(ctx: ModelContext<C>): GenerativeModel | Promise<GenerativeModel>;
}

/** The factory of a model that trains on a data set: a config without `data` is refused, naming the model. */
export function dataSetModelFactory<C>(
  type: string,
  noun: string,
  create: (ctx: ModelContext<C>, data: DataSplits) => GenerativeModel,
): ModelFactory<C> {
  return {
    type,
    create(ctx) {
      if (!ctx.data) throw new Error(`${noun} needs a data set (config \`data\`)`);
      return create(ctx, ctx.data);
    },
  };
}
