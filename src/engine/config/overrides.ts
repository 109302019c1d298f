/**
 * `--set path=value` overrides: `training.epochs=1`, `model.hidden=[256,256]`, `data.source=fashion-mnist`.
 * The value is read as JSON when it parses, else as a string.
 */
export function applyOverrides(doc: Record<string, unknown>, overrides: string[]): void {
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new Error(`--set ${o}: expected path=value, e.g. training.epochs=1`);
    const keys = o.slice(0, eq).split('.');
    if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype')) {
      throw new Error(`--set ${o}: invalid path`);
    }
    const text = o.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    let target = doc;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys[keys.length - 1]] = value;
  }
}
