import { z } from 'zod';
import { defineModel } from '../definition';

export const vaeSchema = z.strictObject({
  type: z.literal('vae'),
  architecture: z.enum(['mlp', 'conv']).default('mlp')
    .describe('mlp: dense encoder/decoder (the Keras example); conv: strided conv encoder, transposed-conv decoder.'),
  hidden: z.array(z.number().int().positive()).min(1).default([512, 512])
    .describe('Hidden layer widths of the MLP encoder (mirrored by the decoder).'),
  convFilters: z.array(z.number().int().positive()).min(1).default([32, 64])
    .describe('Conv variant: filters of each stride-2 conv layer.'),
  latentDim: z.number().int().positive().default(2).describe('Size of z. 2 gives the manifold and scatter views directly.'),
  reconstruction: z.enum(['bce', 'mse']).default('bce')
    .describe('bce: Bernoulli log-likelihood summed over pixels; mse: squared error summed over pixels.'),
  output: z.enum(['logits', 'probabilities']).default('logits')
    .describe('logits: BCE computed from logits (numerically stable); probabilities: sigmoid first, then clipped BCE.'),
  beta: z.number().min(0).default(1).describe('Weight of the KL term (β-VAE); 1 gives the ELBO.'),
  manifoldSize: z.number().int().min(2).max(60).default(30).describe('Manifold view: N×N decoded grid over z ∈ [-4, 4]².'),
});
export type VaeConfig = z.infer<typeof vaeSchema>;

export const vaeDefinition = defineModel(vaeSchema, {
  title: 'Variational autoencoder',
  description: 'VAE with the reparameterization trick; BCE/MSE + KL; latent manifold and scatter views.',
  defaultData: { source: 'mnist' },
  trainingDefaults: { epochs: 30, batchSize: 128, optimizer: { type: 'adam', learningRate: 1e-3 } },
  keyMetric: 'testNegElbo',
  examples: [
    {
      file: 'vae-mnist.genlab.json',
      config: {
        name: 'vae-mnist',
        description: 'The classic Keras MNIST VAE: 784-512-512-2, BCE + KL, Adam 1e-3, batch 128.',
        model: { type: 'vae', hidden: [512, 512], latentDim: 2 },
        data: { source: 'mnist' },
        training: { epochs: 30, batchSize: 128 },
      },
    },
  ],
});
