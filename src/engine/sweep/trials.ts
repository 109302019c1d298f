import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { ValidationIssue } from '../../shared/protocol';
import { ConfigError, loadConfig, parseConfig } from '../config/load';
import type { GenlabConfig } from '../config/schema';
import type { SweepConfig } from '../config/sweepSchema';
import { modelDefinition } from '../models/definitions';
import { InputError } from '../train/errors';
import { expandSweep, overrideStrings, type Trial } from './expand';

/** A trial with its whole validated config, ready to train. */
export interface PreparedTrial extends Trial {
  config: GenlabConfig;
}

export interface SweepPlan {
  configPath: string;
  base: GenlabConfig;
  sweep: SweepConfig;
  metric: string;
  trials: PreparedTrial[];
}

/** The swept path an issue is about (the issue's path or a parent of it), if any. */
function sweptPathOf(issuePath: string, trial: Trial): string | undefined {
  return Object.keys(trial.overrides).find((p) => issuePath === p || issuePath.startsWith(`${p}.`) || issuePath.startsWith(`${p}[`));
}

/** Points a trial's issue at the sweep entry that caused it, and says which trial and value. */
function trialIssue(issue: ValidationIssue, trial: Trial, text: string, sweep: SweepConfig): ValidationIssue {
  const path = sweptPathOf(issue.path, trial);
  if (!path) return { ...issue, message: `trial ${trial.index}: ${issue.message}` };
  const section = path in sweep.grid ? 'grid' : 'random';
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, ['sweep', section, path]);
  const at = node ? { offset: node.offset, length: node.length, ...lineColumn(text, node.offset) } : {};
  return { ...issue, ...at, path: `sweep.${section}.${path}`,
        // The value comes from the sweep, not the config's own text: the base's "(missing)" note does not apply.
    message: `trial ${trial.index} sets ${path} = ${JSON.stringify(trial.overrides[path])}: ${issue.path}: ${issue.message.replace(/ \(missing\)$/, '')}` };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** A trial's config: the base with the trial's values, without the sweep, marked with the trial it is. */
function trialConfig(config: GenlabConfig, trial: Trial, sweepName: string): GenlabConfig {
  const { sweep: _sweep, ...rest } = config;
  return { ...rest, name: `${config.name}-t${String(trial.index).padStart(3, '0')}`,
    sweepTrial: { sweep: sweepName, index: trial.index, overrides: trial.overrides } };
}

/**
 * Expands a config's sweep section and validates every trial's config before anything runs: a bad
 * value in any trial fails the whole sweep at once, naming the trial, the path and the value.
 */
export function planSweep(configPath: string, overrides: string[], sweepName: (base: GenlabConfig) => string): SweepPlan {
  const base = loadConfig(configPath, overrides);
  if (!base.sweep) throw new InputError(`${configPath} has no "sweep" section (add sweep.grid or sweep.random)`);
  const sweep = base.sweep;
  const reserved = Object.keys({ ...sweep.grid, ...sweep.random }).find((p) => /^(sweep|sweepTrial|name)(\.|$)/.test(p));
  if (reserved) throw new InputError(`${configPath}: sweep: the path "${reserved}" cannot be swept`);
  const text = readFileSync(configPath, 'utf8');
  const name = sweepName(base);
  const issues: ValidationIssue[] = [];
  const trials: PreparedTrial[] = [];
  for (const trial of expandSweep(sweep)) {
    try {
      const config = parseConfig(text, configPath, [...overrides, ...overrideStrings(trial.overrides)]);
      trials.push({ ...trial, config: trialConfig(config, trial, name) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues.map((i) => trialIssue(i, trial, text, sweep)));
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const metric = sweep.metric ?? modelDefinition(base.model.type)!.keyMetric;
  return { configPath, base, sweep, metric, trials };
}
