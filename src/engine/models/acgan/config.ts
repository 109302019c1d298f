import { z } from 'zod';
import { defineModel } from '../definition';
import { unusedWithBothGanRates } from '../ganRates';

export const acganSchema = z.strictObject({
  type: z.literal('acgan'),
  classes: z.number().int().min(2).max(100).default(10)
    .describe('Number of classes: the generator gets its class one-hot beside z, the discriminator\'s auxiliary head names one.'),
  latentDim: z.number().int().positive().default(100).describe('Size of the noise z ~ N(0, I) fed to the generator beside the class.'),
  classWeight: z.number().min(0).default(1)
    .describe('Weight of the auxiliary class log-likelihood L_C in both players\' objectives (Odena et al.: 1). ' +
      'D maximizes L_S + L_C, G maximizes L_C − L_S: both want the class of real and generated images recognized.'),
  loss: z.enum(['non-saturating', 'minimax']).default('non-saturating').describe('Generator objective for the real/fake head (see the GAN model).'),
  generatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the generator\'s optimizer (default: training.optimizer.learningRate).'),
  discriminatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the discriminator\'s optimizer, both heads (default: training.optimizer.learningRate).'),
  width: z.number().int().positive().default(32)
    .describe('Feature maps of D\'s first conv and G\'s last hidden layer; layers double it towards the smallest feature map ' +
      '(7×7 for 28×28, 4×4 for 32×32). Cost grows with its square: 16–32 trains on a CPU.'),
  initStd: z.number().positive().default(0.02).describe('Weights are drawn from N(0, initStd²) (DCGAN: 0.02).'),
  samplesPerClass: z.number().int().min(1).max(32).default(10)
    .describe('Columns of the class grid: one row per class, one fixed z per column (the same z down a column).'),
  evaluationSamples: z.number().int().min(10).max(10000).default(1000)
    .describe('Generated images (classes in turn) the auxiliary head classifies each epoch for fakeClassAccuracy.'),
});
export type AcganConfig = z.infer<typeof acganSchema>;

const dcganTraining = { optimizer: { type: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 } } as const;

// Epochs: the fewest at which the conditional accuracy measured ≥ 0.90 (BENCHMARKS.md: MNIST 0.920 at 3, Fashion-MNIST
// 0.894 at 3 and 0.907 at 6).
const example = (source: 'mnist' | 'fashion-mnist', what: string, label: string, epochs: number) => ({
  name: `acgan-${source}`,
  description: `AC-GAN on ${what} at 28×28: z of 100 and the one-hot ${label} → 7×7×32 → 14×14×16 → 28×28 (transposed convs, ` +
    'batch-norm); D mirrors it with a real/fake logit and a 10-way class head. Width 16 so that it trains on a CPU in minutes.',
  model: { type: 'acgan', latentDim: 100, width: 16 },
  data: { source },
  training: { epochs, batchSize: 64, seed: 1, ...dcganTraining },
});

export const acganDefinition = defineModel(acganSchema, {
  title: 'AC-GAN',
  description: 'Class-conditional DCGAN whose discriminator also names the class (Odena et al. 2017); a class grid with one ' +
    'row per class and the auxiliary classifier\'s accuracy on test and generated images.',
  defaultData: { source: 'mnist' },
  // Radford et al.'s Adam (2e-4, β1 = 0.5), which Odena et al. also train with.
  trainingDefaults: { epochs: 5, batchSize: 64, ...dcganTraining },
  unusedTraining: unusedWithBothGanRates,
  // The share of G's images whose class D's auxiliary head does not read as the one asked for.
  keyMetric: 'fakeClassError',
  examples: [
    { file: 'acgan-mnist.genlab.json', config: example('mnist', 'MNIST', 'digit', 3) },
    { file: 'acgan-fashion-mnist.genlab.json', config: example('fashion-mnist', 'Fashion-MNIST', 'garment class', 6) },
  ],
});
