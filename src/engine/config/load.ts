import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { ValidationIssue } from '../../shared/protocol';
import type { ModelDefinition } from '../models/definition';
import { modelDefinition } from '../models/definitions';
import { trainingSchema } from './common';
import { configSchema, type GenlabConfig } from './schema';
import { applyOverrides } from './overrides';
import { denseChainBytes, memoryLimitsFor, memoryProblem } from './memoryEstimate';

/** A config that cannot be used; every issue names the file, the JSON path and the line:column. */
export class ConfigError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(i: ValidationIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? i.path + ': ' : ''}${i.message}`;
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The node for a JSON path, or its nearest ancestor that exists in the document. */
function locate(root: Node | undefined, path: (string | number)[]): { node: Node | undefined; exact: boolean } {
  if (!root) return { node: undefined, exact: false };
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return { node, exact: n === path.length };
  }
  return { node: root, exact: false };
}

function issueAt(file: string, text: string, offset: number, length: number, path: string, message: string): ValidationIssue {
  return { file, path, offset, length, message, ...position(text, offset) };
}

function pathString(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function zodIssues(file: string, text: string, root: Node | undefined, error: z.ZodError): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // Point at each unknown key itself: the usual cause is a typo.
      for (const key of issue.keys) {
        const { node } = locate(root, [...path, key]);
        const keyNode = node?.parent?.type === 'property' ? node.parent.children?.[0] : node;
        out.push(issueAt(file, text, keyNode?.offset ?? 0, keyNode?.length ?? 0, pathString([...path, key]),
          `unknown key "${key}"`));
      }
      continue;
    }
    const { node, exact } = locate(root, path);
    const message = exact || path.length === 0 ? issue.message : `${issue.message} (missing)`;
    out.push(issueAt(file, text, node?.offset ?? 0, node?.length ?? 0, pathString(path), message));
  }
  return out;
}

/** Checks that need the file system: folders named by the config exist. */
function dataIssues(file: string, text: string, root: Node | undefined, config: GenlabConfig): ValidationIssue[] {
  const data = config.data;
  if (!data || !('dir' in data) || data.dir === undefined) return [];
  if (existsSync(data.dir) && statSync(data.dir).isDirectory()) return [];
  const { node } = locate(root, ['data', 'dir']);
  const hint = data.source === 'fashion-mnist' ? ' (install Debian\'s dataset-fashion-mnist or set data.dir)'
    // The DCGAN examples point at the built-in face set, which is generated, not shipped.
    : data.source === 'image-folder' ? ` (set data.dir to your images, or make the built-in cartoon faces there: ` +
      `genlab data faces --n 2000 --out ${/\s/.test(data.dir) ? JSON.stringify(data.dir) : data.dir})`
    : '';
  return [issueAt(file, text, node?.offset ?? 0, node?.length ?? 0, 'data.dir', `folder not found: ${data.dir}${hint}`)];
}

/** Models whose `model.hidden` is a list of dense widths (encoder, mirrored by the decoder) are refused when they cannot fit. */
function memoryIssues(file: string, text: string, root: Node | undefined, config: GenlabConfig): ValidationIssue[] {
  const hidden = config.model.hidden;
  if (!Array.isArray(hidden) || !config.data || !hidden.every((h) => typeof h === 'number')) return [];
  const d = config.data;
  const pixels = d.source === 'image-folder' ? d.size * d.size * d.channels : d.padTo32 ? 1024 : 784;
  const widths = hidden as number[];
  // Encoder and decoder apart: the bottleneck between them (a latent of a few units) costs next to nothing.
  const encoder = denseChainBytes([pixels, ...widths], config.training.batchSize);
  const decoder = denseChainBytes([...widths].reverse().concat(pixels), config.training.batchSize);
  const problem = memoryProblem({ parameters: encoder.parameters + decoder.parameters, bytes: encoder.bytes + decoder.bytes },
    memoryLimitsFor(config.backend));
  if (!problem) return [];
  const { node } = locate(root, ['model', 'hidden']);
  return [issueAt(file, text, node?.offset ?? 0, node?.length ?? 0, 'model.hidden', problem)];
}

/** The value at a dotted path inside an object (undefined where the path ends early). */
function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

/**
 * Common training settings the model would not honour (its definition's unusedTraining), set to anything but their
 * default: refused, where training on would drop them without a word. Defaults include the model's own.
 */
function unusedSettingIssues(file: string, text: string, root: Node | undefined, config: GenlabConfig,
  definition: ModelDefinition): ValidationIssue[] {
  const unused = definition.unusedTraining?.(config.model) ?? [];
  if (unused.length === 0) return [];
  const defaults = trainingSchema.parse(definition.trainingDefaults ?? {});
  const changed = unused.filter((u) => JSON.stringify(valueAt(config.training, u.path)) !== JSON.stringify(valueAt(defaults, u.path)));
  return changed.map((u) => {
    const path = ['training', ...u.path.split('.')];
    const { node } = locate(root, path);
    return issueAt(file, text, node?.offset ?? 0, node?.length ?? 0, path.join('.'), u.reason);
  });
}

/**
 * Parses and validates config text. `file` is used in messages and to resolve relative paths;
 * `overrides` are `path=value` strings (the CLI's --set) applied before validation.
 */
export function parseConfig(text: string, file: string, overrides: string[] = []): GenlabConfig {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => issueAt(file, text, e.offset, e.length, '', `JSON syntax error: ${printParseErrorCode(e.error)}`)));
  }
  // getNodeValue builds prototype-less objects (a `__proto__` key stays a key); the round trip makes plain ones.
  const raw: unknown = root ? JSON.parse(JSON.stringify(getNodeValue(root))) : undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError([issueAt(file, text, 0, text.length, '', 'a GenLab config must be a JSON object')]);
  }
  const doc = raw as Record<string, unknown>;
  try {
    applyOverrides(doc, overrides);
  } catch (e) {
    throw new ConfigError([issueAt(file, text, 0, 0, '', (e as Error).message)]);
  }
  applyModelDefaults(doc);
  const result = configSchema.safeParse(doc);
  if (!result.success) throw new ConfigError(zodIssues(file, text, root, result.error));
  const parsed = result.data;
  const definition = modelDefinition(parsed.model.type)!;
  const baseDir = dirname(resolve(file));
  const data = parsed.data ?? (definition.defaultData ? configSchema.shape.data.parse(definition.defaultData) ?? null : null);
  if (data && 'dir' in data && data.dir !== undefined && !isAbsolute(data.dir)) data.dir = resolve(baseDir, data.dir);
  const model = parsed.model as Record<string, unknown>;
  for (const key of definition.pathFields ?? []) {
    if (typeof model[key] === 'string' && !isAbsolute(model[key])) model[key] = resolve(baseDir, model[key]);
  }
  const config: GenlabConfig = {
    name: parsed.name ?? basename(file).replace(/(\.genlab)?\.json$/, ''),
    description: parsed.description,
    model: parsed.model as GenlabConfig['model'],
    data,
    training: parsed.training,
    backend: parsed.backend,
    output: parsed.output,
    ...(parsed.sweep ? { sweep: parsed.sweep } : {}),
    ...(parsed.sweepTrial ? { sweepTrial: parsed.sweepTrial } : {}),
  };
  const unused = unusedSettingIssues(file, text, root, config, definition);
  if (unused.length > 0) throw new ConfigError(unused);
  const memory = memoryIssues(file, text, root, config);
  if (memory.length > 0) throw new ConfigError(memory);
  const fsIssues = dataIssues(file, text, root, config);
  if (fsIssues.length > 0) throw new ConfigError(fsIssues);
  return config;
}

export function loadConfig(file: string, overrides: string[] = []): GenlabConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ file, path: '', line: 1, column: 1, offset: 0, length: 0,
      message: `cannot read the config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseConfig(text, file, overrides);
}

/** A model's preferred training settings go under whatever the config itself says. */
function applyModelDefaults(doc: Record<string, unknown>): void {
  const model = doc.model as { type?: unknown } | undefined;
  const definition = typeof model?.type === 'string' ? modelDefinition(model.type) : undefined;
  if (!definition?.trainingDefaults) return;
  const training = doc.training;
  if (training !== undefined && (typeof training !== 'object' || training === null || Array.isArray(training))) return;
  doc.training = mergeDefaults(definition.trainingDefaults as Record<string, unknown>, (training ?? {}) as Record<string, unknown>);
}

function mergeDefaults(defaults: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(given)) {
    const d = defaults[k];
    const bothObjects = [d, v].every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
    out[k] = bothObjects ? mergeDefaults(d as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
