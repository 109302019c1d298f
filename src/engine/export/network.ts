import type * as tf from '@tensorflow/tfjs-core';

/**
 * A model part as a plain chain of layers over named weights: what `genlab export` writes as ONNX or
 * as a tfjs Layers model. Shapes are per example and channels-last (NHWC), as GenLab computes them.
 */
export type ExportLayer =
  | { kind: 'dense'; kernel: string; bias?: string }
  | { kind: 'activation'; fn: 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' }
  | { kind: 'reshape'; shape: number[] }
  /** 'same' padding (TensorFlow's: the extra row and column at the end); kernel [k, k, in, out], as tfjs has it. */
  | { kind: 'conv2d'; kernel: string; bias?: string; kernelSize: number; strides: number; filters: number }
  /** 'same' padding: the output side is the input side × strides. Kernel [k, k, out, in], as tfjs has it. */
  | { kind: 'conv2dTranspose'; kernel: string; bias?: string; kernelSize: number; strides: number; filters: number }
  /** Inference batch-norm over the last axis, with the moving statistics. */
  | { kind: 'batchNorm'; gamma: string; beta: string; mean: string; variance: string; epsilon: number };

/** LeakyReLU's slope, as GenLab's layers use it. */
export const LEAKY_ALPHA = 0.2;

export type ExportPart = 'decoder' | 'generator' | 'encoder';

export interface ExportedNetwork {
  part: ExportPart;
  /** Per-example input shape, e.g. [latentDim]. */
  inputShape: number[];
  /** Per-example output shape, e.g. [28, 28, 1]. */
  outputShape: number[];
  /** What the output means, for the export's README line. */
  output: string;
  layers: ExportLayer[];
  weights: Record<string, tf.Tensor>;
  /** GenLab's own forward pass of this part (inference mode): what an export must reproduce. */
  forward(input: tf.Tensor): tf.Tensor;
  /** Frees weights made for the export (e.g. two heads' kernels joined into one); the model's own stay. */
  dispose?(): void;
}

/** A model's answer when it cannot export a part: the reason, said to the user as it is. */
export class ExportRefusal extends Error {
  override name = 'ExportRefusal';
}

/** Refuses any part but the ones a model exports, saying which it has. */
export function requirePart(model: string, has: readonly ExportPart[], asked: ExportPart): void {
  if (has.includes(asked)) return;
  const parts = has.map((p) => `its ${p} (--part ${p})`).join(' or ');
  throw new ExportRefusal(`the ${model} exports ${parts}, not a${asked === 'encoder' ? 'n' : ''} ${asked}`);
}
