import { z } from 'zod';
import { defineModel } from '../definition';

export const aaeSchema = z.strictObject({
  type: z.literal('aae'),
  prior: z.enum(['gaussian', 'mixture', 'swiss-roll']).default('mixture')
    .describe('The prior p(z) the encoder\'s aggregated posterior q(z) is matched to. gaussian: N(0, I); mixture: `classes` ' +
      'Gaussians on a circle of radius 3, each elongated along its radius (std 0.5 along, 0.1 across); swiss-roll: a ' +
      'spiral of radius up to 3.5 with noise 0.08, uniform along it. The mixture and the swiss roll are 2-D.'),
  supervised: z.boolean().default(false)
    .describe('The label picks the part of the prior (Makhzani et al., fig. 4): an image labelled y is matched to mixture ' +
      'component y (or the y-th of `classes` equal segments of the swiss roll), and the discriminator sees the one-hot ' +
      'label beside z, for prior draws and codes alike. Needs the mixture or the swiss roll.'),
  classes: z.number().int().min(2).max(100).default(10)
    .describe('Mixture components and swiss-roll segments; with `supervised`, the number of labels (labels 0…classes−1).'),
  latentDim: z.number().int().positive().default(2)
    .describe('Size of z. The mixture and the swiss roll need 2; the Gaussian takes any (the views show the first two dims).'),
  hidden: z.array(z.number().int().positive()).min(1).default([512, 512])
    .describe('Hidden widths (ReLU) of the MLP encoder x → z (deterministic, the paper\'s first choice); the decoder mirrors them.'),
  discriminatorHidden: z.array(z.number().int().positive()).min(1).default([256, 256])
    .describe('Hidden widths (ReLU) of the discriminator on z, which tells prior draws from codes of images.'),
  generatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the regularization phase\'s encoder update (the encoder as generator; default: training.optimizer.learningRate). ' +
      'The reconstruction phase always uses training.optimizer.'),
  discriminatorLearningRate: z.number().positive().optional()
    .describe('Learning rate of the discriminator\'s optimizer (default: training.optimizer.learningRate).'),
  mmdPoints: z.number().int().min(2).max(5000).default(1000)
    .describe('testMmd: MMD² between the codes of this many test images and as many prior draws (RBF kernels σ = 0.2, 0.5, 1, 2 summed).'),
  scatterPoints: z.number().int().min(1).max(10000).default(2000).describe('Test images encoded into the latent-scatter view.'),
  manifoldSize: z.number().int().min(2).max(40).default(20)
    .describe('Manifold view: the decoder over an N×N grid spanning the prior\'s square (first two dims, the rest at 0).'),
  samples: z.number().int().min(1).max(256).default(100).describe('Decoded prior draws in the samples grid.'),
});
export type AaeConfig = z.infer<typeof aaeSchema>;

const example = (name: string, supervised: boolean) => ({
  name,
  description: `Adversarial autoencoder (Makhzani et al. 2015) on MNIST with a 2-D ${supervised ? 'supervised ' : ''}mixture of 10 ` +
    'Gaussians as prior: MLP 784-512-512-2 and back, each step a reconstruction phase (BCE) and a regularization phase ' +
    `(the discriminator on z, then the encoder fooling it)${supervised ? '; the label picks the component' : ''}. ` +
    'testMmd (MMD² between test codes and prior draws) falls as q(z) takes the prior\'s shape.',
  model: { type: 'aae', prior: 'mixture', supervised, latentDim: 2, hidden: [512, 512] },
  data: { source: 'mnist' },
  training: { epochs: 10, batchSize: 100 },
});

export const aaeDefinition = defineModel(aaeSchema, {
  title: 'Adversarial autoencoder',
  description: 'Autoencoder whose code distribution is matched to a prior (Gaussian, mixture, swiss roll) by a discriminator on z; ' +
    'latent scatter over the prior, reconstructions, manifold.',
  defaultData: { source: 'mnist' },
  trainingDefaults: { epochs: 10, batchSize: 100, optimizer: { type: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.999 } },
  keyMetric: 'testMmd',
  examples: [
    { file: 'aae-mnist.genlab.json', config: example('aae-mnist', false) },
    { file: 'aae-mnist-supervised.genlab.json', config: example('aae-mnist-supervised', true) },
  ],
});
