import { z } from 'zod';
import { temperatureScheduleSchema } from '../../ops/temperatureSchedule';
import { defineModel } from '../definition';

export const categoricalVaeSchema = z.strictObject({
  type: z.literal('categorical-vae'),
  categoricals: z.number().int().positive().default(30).describe('N: categorical latent variables.'),
  classes: z.number().int().min(2).default(10).describe('K: classes of each variable.'),
  hidden: z.array(z.number().int().positive()).min(1).default([512, 256])
    .describe('Hidden widths of the MLP encoder (ReLU), mirrored by the decoder.'),
  temperature: temperatureScheduleSchema
    .default({ type: 'exponential', initial: 1, min: 0.5, rate: 1e-4, everySteps: 500 })
    .describe('Gumbel-softmax temperature; by default Jang et al.\'s annealing τ = max(0.5, exp(−10⁻⁴·t)), updated every 500 steps.'),
  hard: z.boolean().default(false)
    .describe('Straight-through: decode one-hot samples in training, with the relaxed sample\'s gradient.'),
});
export type CategoricalVaeConfig = z.infer<typeof categoricalVaeSchema>;

export const categoricalVaeDefinition = defineModel(categoricalVaeSchema, {
  title: 'Categorical VAE (Gumbel-softmax)',
  description: 'VAE with N categorical latents of K classes, relaxed by the Gumbel-softmax; KL to the uniform prior; test negative ELBO with exact one-hot samples.',
  defaultData: { source: 'mnist', binarize: 'stochastic' },
  trainingDefaults: { epochs: 20, batchSize: 100, optimizer: { type: 'adam', learningRate: 1e-3 } },
  keyMetric: 'testNegElbo',
  examples: [
    {
      file: 'categorical-vae-mnist.genlab.json',
      config: {
        name: 'categorical-vae-mnist',
        description: 'Jang et al.: 30 categorical variables × 10 classes on binarized MNIST, 784-512-256 MLPs, τ annealed from 1 to 0.5, Adam 1e-3, batch 100.',
        model: {
          type: 'categorical-vae', categoricals: 30, classes: 10, hidden: [512, 256],
          temperature: { type: 'exponential', initial: 1, min: 0.5, rate: 1e-4, everySteps: 500 }, hard: false,
        },
        data: { source: 'mnist', binarize: 'stochastic' },
        training: { epochs: 20, batchSize: 100, seed: 0 },
      },
    },
  ],
});
