import { z } from 'zod';
import { defineModel } from '../definition';

export const cvaeSchema = z.strictObject({
  type: z.literal('cvae'),
  classes: z.number().int().min(2).max(100).default(10)
    .describe('Number of classes: the label y, one-hot, is concatenated to the encoder\'s pixels and to the decoder\'s z.'),
  hidden: z.array(z.number().int().positive()).min(1).default([512, 512])
    .describe('Hidden layer widths of the MLP encoder q(z|x, y) (mirrored by the decoder p(x|z, y)).'),
  latentDim: z.number().int().positive().default(2)
    .describe('Size of z. The label carries the class, so z is left with the style; 2 gives the per-class manifold view.'),
  beta: z.number().min(0).default(1).describe('Weight of the KL term (β-VAE); 1 gives the ELBO.'),
  samplesPerClass: z.number().int().min(1).max(32).default(10)
    .describe('Columns of the class grid: one row per class, one fixed z per column (the same z down a column).'),
  manifoldSize: z.number().int().min(2).max(20).default(8)
    .describe('Per-class manifold view (2-D latent): an N×N decoded grid over z ∈ [-3, 3]² for each class, side by side.'),
});
export type CvaeConfig = z.infer<typeof cvaeSchema>;

// Fashion-MNIST's example is deeper, with β = 2 and 20 epochs: its conditional accuracy measured 0.903 there
// and 0.831 with MNIST's settings (BENCHMARKS.md); β > 1 makes the decoder lean on the label more than on z.
const example = (source: 'mnist' | 'fashion-mnist', what: string) => {
  const fashion = source === 'fashion-mnist';
  const hidden = fashion ? [512, 512] : [512];
  const beta = fashion ? 2 : 1;
  return {
    name: `cvae-${source}`,
    description: `Conditional VAE (Sohn et al. 2015; Kingma et al. 2014's M2 with y observed) on ${what}: MLP ` +
      `794-${hidden.join('-')}-2 and back, BCE + ${fashion ? '2 × ' : ''}KL, Adam 1e-3, batch 128. The class grid decodes one ` +
      'z per column under each of the 10 labels.',
    model: { type: 'cvae', hidden, latentDim: 2, ...(fashion ? { beta } : {}) },
    data: { source },
    training: { epochs: fashion ? 20 : 10, batchSize: 128 },
  };
};

export const cvaeDefinition = defineModel(cvaeSchema, {
  title: 'Conditional VAE',
  description: 'VAE whose encoder and decoder both see the one-hot label: q(z|x, y), p(x|z, y); a class grid with one row per class.',
  defaultData: { source: 'mnist' },
  trainingDefaults: { epochs: 10, batchSize: 128, optimizer: { type: 'adam', learningRate: 1e-3 } },
  keyMetric: 'testNegElbo',
  examples: [
    { file: 'cvae-mnist.genlab.json', config: example('mnist', 'MNIST') },
    { file: 'cvae-fashion-mnist.genlab.json', config: example('fashion-mnist', 'Fashion-MNIST') },
  ],
});
