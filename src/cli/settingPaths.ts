import type { z } from 'zod';
import { configSchema } from '../engine/config/schema';

/** The schema inside defaults, optionals and nullables. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } };
  while (s.def.innerType && ['default', 'optional', 'nullable', 'prefault'].includes(s.def.type)) s = s.def.innerType as typeof s;
  return s;
}

function walk(schema: z.ZodType, prefix: string, out: Set<string>): void {
  const s = unwrap(schema) as z.ZodType & { def: { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[] } };
  if (s.def.type === 'object' && s.def.shape) {
    for (const [key, child] of Object.entries(s.def.shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      walk(child, path, out);
    }
  } else if (s.def.type === 'union' && s.def.options) {
    for (const option of s.def.options) walk(option, prefix, out);
  }
}

let cached: string[] | undefined;

/** Every settable path of a config (`training.epochs`, `model.latentDim`, …), for hints on mistyped options. */
export function settingPaths(): string[] {
  if (!cached) {
    const out = new Set<string>();
    walk(configSchema, '', out);
    cached = [...out].sort();
  }
  return cached;
}
