/**
 * `genlab serve`'s JSON lines (stdin → stdout), in a file of their own so that the request checks
 * (serveRequests.ts), which parseWebviewMessage reuses for the explorer, need not import protocol.ts.
 * protocol.ts re-exports everything here.
 */

/** A request's own id, echoed in its reply (null when a line had none or was not JSON). */
export type ServeId = string | number | null;

export type ServeRequestBody =
  /** Latent points → one image each. Queued decodes with the same `coalesce` key: only the newest is decoded. */
  | { op: 'decode'; z: number[][]; coalesce?: string }
  /** Test-set images → mean and variance of q(z|x). */
  | { op: 'encode'; indices: number[] }
  | { op: 'interpolate'; from: number[]; to: number[]; frames: number; mode: 'linear' | 'slerp' }
  | { op: 'sample'; n: number; seed: number }
  /** Autoregressive models: keep the pixels where mask is 0, sample those where it is 1 (row-major). */
  | { op: 'complete'; pixels: number[]; mask: number[]; n: number; seed: number }
  /** Test-set images themselves (pictures to pick from), with their labels. */
  | { op: 'test-images'; indices: number[] }
  /** One latent point decoded by every saved epoch (or those listed), oldest first. */
  | { op: 'walk'; z: number[]; epochs?: number[] }
  /**
   * Generators of numbers, not images (1-D GAN, Gumbel-softmax GAN): their outputs for given noise, or `n` draws
   * (default 1, seeded) — at a temperature for the Gumbel GAN. What a model cannot use is refused, not ignored.
   */
  | { op: 'generate'; z?: number[][]; n?: number; seed?: number; temperature?: number }
  | { op: 'epochs' }
  | { op: 'load'; epoch: number }
  | { op: 'info' }
  /**
   * PNG frames (base64, one size) → one file: a PNG sheet (`across` frames a row) or a looping GIF or WebP (`delayMs`
   * a frame), each frame scaled up `scale`× with hard pixel edges. Needs no model: the panel's Export of its explorers.
   */
  | { op: 'export'; frames: string[]; format: FramesFormat; delayMs: number; scale: number; across: number };

/**
 * What the model service asks a generator of numbers, checked: `z`, noise points each put through the generator,
 * or else `n` seeded draws; `temperature`: the Gumbel-softmax τ of the relaxed draws (default: the τ the checkpoint
 * trained at).
 */
export interface GenerateRequest {
  z?: number[][];
  n: number;
  seed: number;
  temperature?: number;
}

/** What a generator of numbers puts out, and what it should learn to put out. */
export type OutputSpace =
  /** x = G(z) on the real line, z ~ N(0, I) of `noiseDim`; `target` is p_data on a grid over `range`. */
  | { kind: 'real'; noiseDim: number; range: [number, number]; target: { x: number[]; density: number[] } }
  /** A categorical over `categories` (one character each); `temperature`: the run's τ at its last step. */
  | { kind: 'categorical'; categories: string[]; target: number[]; temperature: number };

export type GeneratedOutputs =
  /** G(z) of each point asked, or of `n` prior draws. */
  | { kind: 'real'; x: number[] }
  /**
   * `n` relaxed samples softmax((logits + Gumbel noise) / τ): their `mean`, the first 16 of them, and the mean of
   * their largest component (1 when every sample is one-hot); `probabilities`: softmax(logits), what exact samples follow.
   */
  | { kind: 'categorical'; temperature: number; probabilities: number[]; mean: number[]; samples: number[][]; sharpness: number };

export type FramesFormat = 'png' | 'gif' | 'webp';

export type ServeRequest = { id: ServeId } & ServeRequestBody;

export type ServeOp = ServeRequestBody['op'];

/** A PNG, base64, with its size in pixels. */
export interface ServeImage {
  png: string;
  width: number;
  height: number;
}

/** What `info` says about the served model: what it can answer and the shapes it takes. */
export interface ServeInfo {
  runId: string;
  model: string;
  /** The latent space of decoders (decode, interpolate, sample, walk), absent for models without one. */
  latent?: { kind: 'gaussian'; dim: number } | { kind: 'categorical'; variables: number; classes: number };
  /** What a generator of numbers puts out (`generate`), for models without images. */
  outputs?: OutputSpace;
  /** The data set's image size; absent for models without a data set. */
  image?: { width: number; height: number; channels: number };
  testCount: number;
  ops: ServeOp[];
  /** The epoch whose checkpoint is loaded. */
  epoch: number;
}

export type ServeResult =
  | { op: 'decode'; images: ServeImage[] }
  | { op: 'encode'; mean: number[][]; variance: number[][]; labels: number[] }
  | { op: 'interpolate'; z: number[][]; images: ServeImage[] }
  | { op: 'sample'; z?: number[][]; images: ServeImage[] }
  | { op: 'complete'; images: ServeImage[]; logLikelihoods: number[] }
  | { op: 'test-images'; images: ServeImage[]; labels: number[] }
  | { op: 'walk'; epochs: number[]; images: ServeImage[] }
  | { op: 'generate'; outputs: GeneratedOutputs }
  | { op: 'epochs'; epochs: number[]; loaded: number }
  | { op: 'load'; epoch: number }
  | { op: 'info'; info: ServeInfo }
  | { op: 'export'; format: FramesFormat; data: string; width: number; height: number; frames: number };

/** One line of `genlab serve` output: a result, an error, or word that a newer queued decode replaced it. */
export type ServeReply = { id: ServeId } & (ServeResult | { error: string } | { superseded: ServeId });
