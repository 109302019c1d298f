import { z } from 'zod';
import { defineModel } from '../definition';
import { unusedWithBothGanRates } from '../ganRates';

export const infoganSchema = z.strictObject({
  type: z.literal('infogan'),
  noiseDim: z.number().int().positive().default(62).describe('Size of the incompressible noise z ~ N(0, I) (62 in the paper\'s MNIST model).'),
  categories: z.number().int().min(2).max(64).default(10)
    .describe('Values of the categorical code c₁ ~ Cat(1/K), fed to the generator one-hot (10 for MNIST\'s digits).'),
  continuousCodes: z.number().int().min(0).max(8).default(2)
    .describe('Number of continuous codes c₂, c₃, … ~ U(−1, 1) (2 in the paper: width and rotation of the digits).'),
  lambda: z.number().min(0).default(1)
    .describe('Weight λ of the mutual-information term of the categorical code: Q\'s softmax cross-entropy on G\'s samples ' +
      '(the paper: 1 for discrete codes).'),
  continuousLambda: z.number().min(0).default(0.1)
    .describe('Weight of the continuous codes\' term: Q\'s Gaussian negative log-likelihood with unit variance, ½‖c − μ‖². ' +
      'The paper uses a smaller λ for continuous codes so the term stays on the GAN losses\' scale.'),
  loss: z.enum(['non-saturating', 'minimax']).default('non-saturating').describe('Generator objective (see the GAN model).'),
  generatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the generator\'s optimizer (default: training.optimizer.learningRate; the paper: 1e-3).'),
  discriminatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the optimizer of D and Q, which share their body (default: training.optimizer.learningRate; ' +
      'the paper: 2e-4).'),
  width: z.number().int().positive().default(32)
    .describe('Feature maps of D\'s first conv and G\'s last transposed conv; layers double it towards the smallest ' +
      'feature map (64 in the paper; 32 trains on a CPU).'),
  hidden: z.number().int().positive().default(512)
    .describe('Units of the dense layer after the generator\'s input and before D\'s logit (1024 in the paper).'),
  qHidden: z.number().int().positive().default(128).describe('Units of Q\'s own dense layer on the shared body (128 in the paper).'),
  initStd: z.number().positive().default(0.02).describe('Weights are drawn from N(0, initStd²) (DCGAN: 0.02).'),
  samplesPerCategory: z.number().int().min(1).max(32).default(10)
    .describe('Columns of the fixed-noise sample grid: one row per value of c₁, one fixed z per column.'),
  traversalSteps: z.number().int().min(2).max(32).default(9)
    .describe('Columns of each continuous code\'s traversal grid, evenly from −2 to 2 (beyond the prior\'s [−1, 1]).'),
});
export type InfoganConfig = z.infer<typeof infoganSchema>;

// The paper's MNIST setting: Adam, D at 2e-4 and G at 1e-3, β1 = 0.5.
const paperTraining = { optimizer: { type: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 } } as const;

export const infoganDefinition = defineModel(infoganSchema, {
  title: 'InfoGAN',
  description: 'GAN whose generator also takes a categorical and continuous codes that a head Q on the discriminator must ' +
    'recover (Chen et al. 2016); traversal grids and the categorical code\'s accuracy as a digit classifier.',
  defaultData: { source: 'mnist' },
  trainingDefaults: { epochs: 5, batchSize: 64, ...paperTraining },
  unusedTraining: unusedWithBothGanRates,
  keyMetric: 'codeError',
  examples: [
    {
      file: 'infogan-mnist.genlab.json',
      config: {
        name: 'infogan-mnist',
        description: 'InfoGAN on MNIST: z of 62, a 10-way categorical code and 2 continuous codes, the paper\'s conv layout at ' +
          'half width (32) so that it trains on a CPU. The categorical code becomes the digit without labels: codeAccuracy is ' +
          'its test accuracy as a classifier under the best code-to-digit matching.',
        model: { type: 'infogan', noiseDim: 62, categories: 10, continuousCodes: 2, lambda: 1, continuousLambda: 0.1, width: 32,
          hidden: 512, generatorLearningRate: 1e-3, discriminatorLearningRate: 2e-4 },
        data: { source: 'mnist' },
        training: { epochs: 5, batchSize: 64, seed: 3, optimizer: { type: 'adam', beta1: 0.5, beta2: 0.999 } },
      },
    },
  ],
});
