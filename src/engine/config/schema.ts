import { z } from 'zod';
import { MODEL_DEFINITIONS } from '../models/definitions';
import { sweepSchema, sweepTrialSchema, type SweepConfig, type SweepTrialInfo } from './sweepSchema';
import { backendSchema, dataSchema, outputSchema, trainingSchema, type DataConfig, type TrainingConfig } from './common';

// The model section is one of the registered models' sections, picked by `type`.
const modelSchema = z.discriminatedUnion(
  'type',
  MODEL_DEFINITIONS.map((d) => d.schema) as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>],
);

/** The whole `*.genlab.json` document. The single source of config truth: types, validation, JSON Schema. */
export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of the GenLab JSON Schema (for editors).'),
  name: z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-" only').optional()
    .describe('Run name (default: the config file name).'),
  description: z.string().optional(),
  model: modelSchema,
  data: dataSchema.optional().describe('Training data; each model has a default.'),
  training: trainingSchema.default(() => trainingSchema.parse({})),
  backend: backendSchema,
  output: outputSchema.default(() => outputSchema.parse({})),
  sweep: sweepSchema.optional().describe('Vary config values over many runs with `genlab sweep <config>`; `genlab train` trains the config as written.'),
  sweepTrial: sweepTrialSchema.optional().describe('Set by `genlab sweep` in a trial\'s config: the sweep and the trial\'s overrides.'),
});

/** A model section after validation: its own module narrows it to its precise type. */
export type ModelSection = { type: string } & Record<string, unknown>;

/** A validated config with every default filled in. */
export interface GenlabConfig {
  name: string;
  description?: string;
  model: ModelSection;
  /** null when the model makes its own data. */
  data: DataConfig | null;
  training: TrainingConfig;
  backend: z.infer<typeof backendSchema>;
  output: z.infer<typeof outputSchema>;
  sweep?: SweepConfig;
  sweepTrial?: SweepTrialInfo;
}
