import type { ServeId, ServeRequest, ServeRequestBody } from './serveProtocol';

/** Bounds on what one request may ask, so a bad line cannot tie the model up or exhaust memory. */
export const SERVE_LIMITS = { points: 256, frames: 64, samples: 64, indices: 256, pixels: 65536, coordinate: 1e4,
  /** Outputs of a generator of numbers (`generate`) per request. */
  draws: 20000,
  /** Frames to export and the base64 length of each (a 256×256 RGB PNG fits). */
  exportFrames: 256, framePng: 300_000 } as const;

type Parsed = { request: ServeRequest } | { id: ServeId; error: string };

class RequestError extends Error {}

function idOf(m: Record<string, unknown>): ServeId {
  const id = m.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

function numbers(value: unknown, field: string, max: number, bound: number = SERVE_LIMITS.coordinate): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) throw new RequestError(`${field} must be an array of 1 to ${max} numbers`);
  for (const v of value) {
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > bound) throw new RequestError(`${field} must hold finite numbers within ±${bound}`);
  }
  return value as number[];
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RequestError(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function indices(value: unknown, field: string): number[] {
  return numbers(value, field, SERVE_LIMITS.indices, Number.MAX_SAFE_INTEGER).map((v, i) => integer(v, `${field}[${i}]`, 0, Number.MAX_SAFE_INTEGER));
}

function points(value: unknown, field: string): number[][] {
  if (!Array.isArray(value) || value.length === 0 || value.length > SERVE_LIMITS.points) {
    throw new RequestError(`${field} must be an array of 1 to ${SERVE_LIMITS.points} points`);
  }
  return value.map((row, i) => numbers(row, `${field}[${i}]`, 4096));
}

function body(op: unknown, m: Record<string, unknown>): ServeRequestBody {
  switch (op) {
    case 'decode': {
      if (m.coalesce !== undefined && (typeof m.coalesce !== 'string' || m.coalesce.length > 64)) {
        throw new RequestError('coalesce must be a string of at most 64 characters');
      }
      return { op, z: points(m.z, 'z'), ...(m.coalesce !== undefined ? { coalesce: m.coalesce as string } : {}) };
    }
    case 'encode':
    case 'test-images':
      return { op, indices: indices(m.indices, 'indices') };
    case 'interpolate':
      if (m.mode !== 'linear' && m.mode !== 'slerp') throw new RequestError('mode must be "linear" or "slerp"');
      return { op, from: numbers(m.from, 'from', 4096), to: numbers(m.to, 'to', 4096),
        frames: integer(m.frames, 'frames', 2, SERVE_LIMITS.frames), mode: m.mode };
    case 'sample':
      return { op, n: integer(m.n, 'n', 1, SERVE_LIMITS.samples), seed: integer(m.seed ?? 0, 'seed', 0, 2 ** 32 - 1) };
    case 'complete':
      return { op, pixels: numbers(m.pixels, 'pixels', SERVE_LIMITS.pixels), mask: numbers(m.mask, 'mask', SERVE_LIMITS.pixels),
        n: integer(m.n, 'n', 1, SERVE_LIMITS.samples), seed: integer(m.seed ?? 0, 'seed', 0, 2 ** 32 - 1) };
    case 'generate':
      return generateBody(m);
    case 'walk':
      return { op, z: numbers(m.z, 'z', 4096), ...(m.epochs !== undefined ? { epochs: indices(m.epochs, 'epochs') } : {}) };
    case 'load':
      return { op, epoch: integer(m.epoch, 'epoch', 1, Number.MAX_SAFE_INTEGER) };
    case 'epochs':
    case 'info':
      return { op };
    case 'export':
      return exportBody(m);
    default:
      throw new RequestError(`unknown op ${JSON.stringify(op)?.slice(0, 40) ?? 'undefined'}: expected decode, encode, interpolate, ` +
        'sample, complete, test-images, walk, generate, epochs, load, info or export');
  }
}

function generateBody(m: Record<string, unknown>): ServeRequestBody {
  const { temperature } = m;
  if (temperature !== undefined && (typeof temperature !== 'number' || !(temperature >= 0.01 && temperature <= 100))) {
    throw new RequestError('temperature must be a number from 0.01 to 100');
  }
  if (m.z !== undefined && (m.n !== undefined || m.seed !== undefined)) {
    throw new RequestError('give z (points to put through the generator) or n and seed (draws), not both');
  }
  return { op: 'generate', ...(m.z !== undefined ? { z: points(m.z, 'z') } : {}),
    ...(m.n !== undefined ? { n: integer(m.n, 'n', 1, SERVE_LIMITS.draws) } : {}),
    ...(m.seed !== undefined ? { seed: integer(m.seed, 'seed', 0, 2 ** 32 - 1) } : {}), ...(temperature !== undefined ? { temperature } : {}) };
}

function exportBody(m: Record<string, unknown>): ServeRequestBody {
  const { frames, format } = m;
  if (format !== 'png' && format !== 'gif' && format !== 'webp') throw new RequestError('format must be "png", "gif" or "webp"');
  const fewest = format === 'png' ? 1 : 2;
  if (!Array.isArray(frames) || frames.length < fewest || frames.length > SERVE_LIMITS.exportFrames) {
    throw new RequestError(`frames must be an array of ${fewest} to ${SERVE_LIMITS.exportFrames} PNGs (base64)`);
  }
  const bad = frames.findIndex((f) => typeof f !== 'string' || f.length === 0 || f.length > SERVE_LIMITS.framePng || !/^[A-Za-z0-9+/]+=*$/.test(f));
  if (bad >= 0) throw new RequestError(`frames[${bad}] must be a PNG in base64 of at most ${SERVE_LIMITS.framePng} characters`);
  return { op: 'export', frames: frames as string[], format, delayMs: integer(m.delayMs ?? 150, 'delayMs', 20, 5000),
    scale: integer(m.scale ?? 4, 'scale', 1, 16), across: integer(m.across ?? frames.length, 'across', 1, SERVE_LIMITS.exportFrames) };
}

/** Checks a request object's shape without its id (the panel's explorer requests go through this too). */
export function parseServeBody(m: Record<string, unknown>): { body: ServeRequestBody } | { error: string } {
  try {
    return { body: body(m.op, m) };
  } catch (e) {
    if (e instanceof RequestError) return { error: e.message };
    throw e;
  }
}

/**
 * Checks one request line's shape (not yet against the model: the session checks lengths and indices).
 * Never throws: anything wrong comes back as an error for the reply.
 */
export function parseServeRequest(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { id: null, error: 'not a JSON line' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { id: null, error: 'a request is a JSON object' };
  const m = value as Record<string, unknown>;
  const id = idOf(m);
  const parsed = parseServeBody(m);
  return 'body' in parsed ? { request: { id, ...parsed.body } } : { id, error: parsed.error };
}
