import type { z } from 'zod';
import type { DataInput, TrainingInput } from '../config/common';

/**
 * What the config side knows about a model: its config section, defaults and examples. It holds no
 * TensorFlow code, so the extension host can validate configs and offer templates without loading tfjs.
 * The trainable side lives next to it in `model.ts` (listed in ./factories.ts).
 */
export interface ModelDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  title: string;
  description: string;
  /** The `model` section: a strict object whose `type` is this model's literal. */
  schema: S;
  /** Fields of the `model` section that are file paths: resolved against the config file's folder on load. */
  pathFields?: readonly string[];
  /** Used when a config has no `data` section; null when the model makes its own data. */
  defaultData: DataInput | null;
  /** Training settings this model prefers over the global defaults (a config still overrides them). */
  trainingDefaults?: TrainingInput;
  /**
   * Common training settings (paths under `training`, e.g. `regularization`, `optimizer.learningRate`) that this
   * model, configured as `model`, would not honour, each with why: validation refuses a config that sets one to
   * anything but its default, instead of training as if it had not been set.
   */
  unusedTraining?(model: z.infer<S>): UnusedSetting[];
  /** The metric that sums up a run in lists and the status bar (lower is better unless said). */
  keyMetric: string;
  /** Complete example configs: written to examples/ and offered by "New Experiment". */
  examples: { file: string; config: Record<string, unknown> }[];
}

/** A common training setting a model does not use, and why (shown after the field: "training.<path>: <reason>"). */
export interface UnusedSetting {
  path: string;
  reason: string;
}

/** A model's definition from its `model` schema: the definition's `type` is the schema's `type` literal. */
export function defineModel<S extends z.ZodObject<{ type: z.ZodLiteral<string> }>>(
  schema: S,
  rest: Omit<ModelDefinition<S>, 'type' | 'schema'>,
): ModelDefinition<S> {
  return { type: schema.shape.type.value, schema, ...rest };
}
