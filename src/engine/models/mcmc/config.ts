import { z } from 'zod';
import { defineModel } from '../definition';

const coinSchema = z.strictObject({
  heads: z.number().int().min(0).describe('Heads observed (z).'),
  flips: z.number().int().positive().describe('Flips made (N).'),
}).refine((c) => c.heads <= c.flips, { message: 'heads cannot exceed flips', path: ['heads'] });

export const mcmcSchema = z.strictObject({
  type: z.literal('mcmc'),
  sampler: z.enum(['gibbs', 'metropolis']).default('gibbs')
    .describe('gibbs: systematic scan from the full conditionals; metropolis: random walk with a Gaussian proposal.'),
  coins: z.array(coinSchema).min(1).default([{ heads: 5, flips: 7 }, { heads: 2, flips: 7 }])
    .describe('Data per coin; each coin has its own bias θ_k.'),
  prior: z.strictObject({
    a: z.number().positive().default(3).describe('Beta prior a (pseudo-heads).'),
    b: z.number().positive().default(3).describe('Beta prior b (pseudo-tails).'),
  }).default({ a: 3, b: 3 }).describe('Beta(a, b) prior on every coin\'s bias.'),
  chains: z.number().int().min(1).max(64).default(4).describe('Chains, started from dispersed points.'),
  iterations: z.number().int().min(10).max(10_000_000).default(100_000).describe('Iterations per chain, burn-in included.'),
  burnIn: z.number().min(0).max(0.9).default(0.1).describe('Fraction of each chain discarded at the start.'),
  thin: z.number().int().positive().default(1).describe('Keep every n-th iteration.'),
  proposalWidth: z.number().positive().default(0.2).describe('Metropolis: sd of the Gaussian proposal step.'),
});
export type McmcConfig = z.infer<typeof mcmcSchema>;

const twoCoins = { coins: [{ heads: 5, flips: 7 }, { heads: 2, flips: 7 }], prior: { a: 3, b: 3 } };

export const mcmcDefinition = defineModel(mcmcSchema, {
  title: 'MCMC (Beta-Binomial coins)',
  description: 'Gibbs and Metropolis samplers for K coin biases, with R-hat/ESS diagnostics and the exact Beta posterior.',
  defaultData: null,
  // Each epoch runs a tenth of the iterations, in 20 chunks: the views fill in as the chains grow.
  trainingDefaults: { epochs: 10, stepsPerEpoch: 20 },
  // The samplers are plain arithmetic: nothing of training's gradient descent applies.
  unusedTraining: () => [
    { path: 'regularization', reason: 'mcmc has no weights to penalize (remove it)' },
    { path: 'optimizer', reason: 'mcmc has no optimizer: its samplers draw from the posterior, they follow no gradient (remove it)' },
    { path: 'batchSize', reason: 'mcmc draws no batches: each step advances every chain by model.iterations ÷ (epochs × stepsPerEpoch) iterations (remove it)' },
  ],
  keyMetric: 'rhatMax',
  examples: [
    {
      file: 'gibbs-two-coins.genlab.json',
      config: {
        name: 'gibbs-two-coins',
        description: 'Two coins (5 heads in 7, 2 in 7), Beta(3,3) priors: Gibbs from the full conditionals, 4 chains.',
        model: { type: 'mcmc', sampler: 'gibbs', ...twoCoins, chains: 4, iterations: 100000, burnIn: 0.1 },
        training: { epochs: 10, seed: 0 },
      },
    },
    {
      file: 'metropolis-two-coins.genlab.json',
      config: {
        name: 'metropolis-two-coins',
        description: 'The same two coins with random-walk Metropolis (Gaussian proposal, sd 0.2): compare acceptance and ESS.',
        model: { type: 'mcmc', sampler: 'metropolis', ...twoCoins, chains: 4, iterations: 100000, burnIn: 0.1, proposalWidth: 0.2 },
        training: { epochs: 10, seed: 0 },
      },
    },
  ],
});
