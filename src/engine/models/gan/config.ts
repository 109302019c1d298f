import { z } from 'zod';
import { defineModel } from '../definition';
import { unusedWithBothGanRates } from '../ganRates';

export const ganSchema = z.strictObject({
  type: z.literal('gan'),
  architecture: z.enum(['mlp', 'dcgan']).default('dcgan')
    .describe('dcgan: transposed-conv generator and strided-conv discriminator (Radford et al.); ' +
      'mlp: dense networks on flattened pixels (Goodfellow et al.).'),
  latentDim: z.number().int().positive().default(100).describe('Size of the noise z ~ N(0, I) fed to the generator.'),
  loss: z.enum(['non-saturating', 'minimax']).default('non-saturating')
    .describe('Generator objective. minimax: minimize log(1 − D(G(z))), the game as stated. non-saturating: ' +
      'maximize log D(G(z)). Early on D rejects G\'s samples confidently, log(1 − D(G(z))) saturates and gives G ' +
      'almost no gradient; log D(G(z)) has the same fixed point and strong gradients there, hence the default.'),
  dSteps: z.number().int().positive().default(1)
    .describe('Discriminator updates per generator turn (k in Goodfellow et al.\'s Algorithm 1); each uses a fresh real batch.'),
  gSteps: z.number().int().positive().default(1).describe('Generator updates per turn.'),
  labelSmoothing: z.number().min(0).max(0.5).default(0)
    .describe('One-sided label smoothing: real images get target 1 − labelSmoothing (e.g. 0.1 → 0.9); fakes stay 0.'),
  generatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the generator\'s optimizer (default: training.optimizer.learningRate).'),
  discriminatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the discriminator\'s optimizer (default: training.optimizer.learningRate).'),
  width: z.number().int().positive().default(64)
    .describe('DCGAN: feature maps of the generator\'s last hidden layer and the discriminator\'s first (64 in the paper); ' +
      'layers double it towards the 4×4 end. Cost grows with its square: 16–32 trains on a CPU.'),
  hidden: z.array(z.number().int().positive()).min(1).default([256, 512])
    .describe('MLP: hidden widths of the generator; the discriminator uses them reversed.'),
  batchNorm: z.boolean().default(true)
    .describe('Batch normalization in the generator\'s hidden layers and the discriminator\'s (but its first), as in DCGAN.'),
  minibatchStdDev: z.boolean().default(false)
    .describe('Give D\'s last layer the batch\'s mean feature standard deviation as one more input (Karras et al. 2018), ' +
      'so that a batch of near-identical fakes is itself a tell, against mode collapse (on the built-in faces at 900 steps ' +
      'it did not change the diversity: see BENCHMARKS.md).'),
  initStd: z.number().positive().default(0.02).describe('Weights are drawn from N(0, initStd²) (DCGAN: 0.02).'),
  samples: z.number().int().min(1).max(256).default(64).describe('Images in the fixed-noise sample grid.'),
});
export type GanConfig = z.infer<typeof ganSchema>;

const dcganTraining = { optimizer: { type: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 } } as const;

export const ganDefinition = defineModel(ganSchema, {
  title: 'GAN / DCGAN',
  description: 'Generative adversarial network (MLP or DCGAN) with minimax or non-saturating loss; fixed-noise sample grid.',
  defaultData: { source: 'mnist', padTo32: true },
  // Radford et al.: Adam with learning rate 2e-4 and β1 = 0.5 (0.9 made training oscillate), batch 128.
  trainingDefaults: { epochs: 20, batchSize: 128, ...dcganTraining },
  // A GAN's losses do not measure sample quality; the generator's is the one people watch.
  unusedTraining: unusedWithBothGanRates,
  keyMetric: 'gLoss',
  examples: [
    {
      file: 'dcgan-faces.genlab.json',
      config: {
        name: 'dcgan-faces',
        description: 'DCGAN at 64×64×3 on the built-in cartoon faces (run `genlab data faces --n 2000 --out .genlab/data/faces` ' +
          'first), with the CelebA crop 128×128 at (25, 50). Width 16 and batch 32 so that it trains on a CPU: 40 epochs ' +
          '(2,400 steps) take 13–24 min on one core. D wins early at this size and G kept one pose; two G updates per D ' +
          'update, one-sided label smoothing and the minibatch standard deviation keep the faces varied (BENCHMARKS.md).',
        model: { type: 'gan', architecture: 'dcgan', latentDim: 100, width: 16, loss: 'non-saturating', gSteps: 2, labelSmoothing: 0.1,
          minibatchStdDev: true },
        data: { source: 'image-folder', dir: '../.genlab/data/faces', crop: { x: 25, y: 50, width: 128, height: 128 }, size: 64 },
        training: { epochs: 40, batchSize: 32, ...dcganTraining },
      },
    },
    {
      file: 'dcgan-mnist.genlab.json',
      config: {
        name: 'dcgan-mnist',
        description: 'DCGAN on MNIST padded to 32×32 (generator 4×4 → 32×32), width 32, Adam 2e-4 β1 0.5.',
        model: { type: 'gan', architecture: 'dcgan', latentDim: 100, width: 32, loss: 'non-saturating' },
        data: { source: 'mnist', padTo32: true },
        training: { epochs: 5, batchSize: 128, ...dcganTraining },
      },
    },
  ],
});
