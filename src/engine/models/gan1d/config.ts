import { z } from 'zod';
import { defineModel } from '../definition';
import { unusedWithBothGanRates } from '../ganRates';

const componentSchema = z.strictObject({
  mean: z.number().describe('Centre of the Gaussian.'),
  std: z.number().positive().describe('Standard deviation.'),
  weight: z.number().positive().default(1).describe('Relative weight (weights are normalized).'),
});

const activationSchema = z.enum(['leakyRelu', 'relu', 'tanh']);

export const gan1dSchema = z.strictObject({
  type: z.literal('gan-1d'),
  mixture: z.array(componentSchema).min(1)
    .default([{ mean: -2, std: 0.5, weight: 1 }, { mean: 2, std: 0.5, weight: 1 }])
    .describe('p_data: a mixture of Gaussians (bimodal by default).'),
  noiseDim: z.number().int().positive().default(4).describe('Size of the generator\'s input z ~ N(0, I).'),
  generatorHidden: z.array(z.number().int().positive()).min(1).default([64, 64]).describe('Hidden widths of the MLP generator.'),
  discriminatorHidden: z.array(z.number().int().positive()).min(1).default([64, 64]).describe('Hidden widths of the MLP discriminator.'),
  activation: activationSchema.default('leakyRelu').describe('Hidden activation of both networks (leakyRelu has slope 0.2).'),
  loss: z.enum(['non-saturating', 'minimax']).default('non-saturating')
    .describe('Generator objective: maximize log D(G(z)) (non-saturating, the default) or minimize log(1 − D(G(z))) (minimax).'),
  dSteps: z.number().int().positive().default(1).describe('Discriminator updates per training step (k in the GAN paper).'),
  gSteps: z.number().int().positive().default(1).describe('Generator updates per training step.'),
  realLabel: z.number().min(0.5).max(1).default(1).describe('Target for real samples in D\'s loss; below 1 is one-sided label smoothing.'),
  generatorLearningRate: z.number().positive().optional().describe('Generator step size (default: training.optimizer.learningRate).'),
  discriminatorLearningRate: z.number().positive().optional().describe('Discriminator step size (default: training.optimizer.learningRate).'),
  grid: z.strictObject({
    min: z.number().optional().describe('Left end (default: 4 sd left of the leftmost component).'),
    max: z.number().optional().describe('Right end (default: 4 sd right of the rightmost component).'),
    points: z.number().int().min(10).max(5000).default(301),
  }).default({ points: 301 }).describe('Where the curves (densities, D, D*) are evaluated.'),
  densitySamples: z.number().int().min(100).max(200000).default(20000)
    .describe('Generator samples drawn for its density (a Gaussian KDE) at each evaluation.'),
  kdeBandwidth: z.number().positive().optional()
    .describe('KDE bandwidth for the generator density (default: Silverman\'s rule, which oversmooths two modes a little and so overstates JS by a few thousandths of a nat).'),
});
export type Gan1dConfig = z.infer<typeof gan1dSchema>;

export const gan1dDefinition = defineModel(gan1dSchema, {
  title: '1-D GAN (the GAN paper\'s picture)',
  description: 'MLP generator and discriminator on a 1-D Gaussian mixture; data, generator density, D(x) and the optimal D*(x) on a grid, with the Jensen–Shannon divergence.',
  defaultData: null,
  // Adam 2e-4 (β1 0.5, Radford et al.): at 1e-3 the game orbits the equilibrium with JS swinging 0.03–0.1.
  trainingDefaults: { epochs: 30, stepsPerEpoch: 200, batchSize: 256, optimizer: { type: 'adam', learningRate: 2e-4, beta1: 0.5 } },
  unusedTraining: unusedWithBothGanRates,
  keyMetric: 'js',
  examples: [
    {
      file: 'gan-1d.genlab.json',
      config: {
        name: 'gan-1d',
        description: 'Goodfellow et al.\'s 1-D picture on a bimodal target: N(−2, 0.5²) and N(2, 0.5²), non-saturating loss, Adam 2e-4 (β1 0.5).',
        model: {
          type: 'gan-1d',
          mixture: [{ mean: -2, std: 0.5, weight: 1 }, { mean: 2, std: 0.5, weight: 1 }],
          noiseDim: 4, generatorHidden: [64, 64], discriminatorHidden: [64, 64], loss: 'non-saturating',
        },
        training: { epochs: 30, stepsPerEpoch: 200, batchSize: 256, seed: 0, optimizer: { type: 'adam', learningRate: 2e-4, beta1: 0.5 } },
      },
    },
  ],
});
