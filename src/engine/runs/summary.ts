import type { RunStatus, RunSummary } from '../../shared/protocol';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'stopped', 'failed', 'done'];

/**
 * Checks a parsed `summary.json` field by field: a file written by another version, edited by hand or
 * damaged must not crash whoever lists runs. Returns the summary, or what is wrong with it.
 */
export function checkRunSummary(value: unknown): { summary: RunSummary } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const s = value as Record<string, unknown>;
  for (const key of ['runId', 'name', 'model', 'backend', 'startedAt', 'updatedAt'] as const) {
    if (typeof s[key] !== 'string') return { problem: `"${key}" is not a string` };
  }
  if (!STATUSES.includes(s.status as RunStatus)) return { problem: `"status" is not one of ${STATUSES.join(', ')}` };
  for (const key of ['epochs', 'totalEpochs', 'steps', 'durationS'] as const) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key]) || s[key] < 0) return { problem: `"${key}" is not a number ≥ 0` };
  }
  if (s.pid !== undefined && !Number.isInteger(s.pid)) return { problem: '"pid" is not an integer' };
  if (s.message !== undefined && typeof s.message !== 'string') return { problem: '"message" is not a string' };
  const metrics = s.metrics;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return { problem: '"metrics" is not an object' };
  const bad = Object.entries(metrics).find(([, v]) => typeof v !== 'number');
  if (bad) return { problem: `metric "${bad[0]}" is not a number` };
  return { summary: value as RunSummary };
}
