import { z } from 'zod';

/**
 * Temperature schedules for the Gumbel-softmax. Pure functions of the global step, so a resumed run
 * needs no stored schedule state. No tfjs here: model configs import the schema.
 */

export const temperatureScheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('constant'),
    value: z.number().positive().default(1).describe('Temperature τ for the whole run.'),
  }),
  z.strictObject({
    type: z.literal('exponential'),
    initial: z.number().positive().default(1).describe('τ0, the temperature at step 0.'),
    min: z.number().positive().default(0.5).describe('τ_min, the floor.'),
    rate: z.number().min(0).default(1e-4).describe('r in τ = max(τ_min, τ0·exp(−r·t)).'),
    everySteps: z.number().int().positive().default(500).describe('N: τ is updated every N steps (t is a multiple of N).'),
  }),
]).describe('constant τ, or Jang et al.\'s annealing τ = max(τ_min, τ0·exp(−r·t)) updated every N steps.');
export type TemperatureSchedule = z.infer<typeof temperatureScheduleSchema>;
export type TemperatureScheduleInput = z.input<typeof temperatureScheduleSchema>;

/** τ at a global step (counted from 0). */
export function temperatureAt(schedule: TemperatureSchedule, globalStep: number): number {
  if (schedule.type === 'constant') return schedule.value;
  const t = Math.floor(globalStep / schedule.everySteps) * schedule.everySteps;
  return Math.max(schedule.min, schedule.initial * Math.exp(-schedule.rate * t));
}
