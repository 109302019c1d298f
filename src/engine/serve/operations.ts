import type { ServeImage, ServeRequest, ServeResult } from '../../shared/protocol';
import { gatherBatch } from '../data/dataset';
import { encodeFrames, FrameError } from '../images/framesFile';
import { encodePng } from '../images/picture';
import { splitPictures } from '../images/pictureList';
import type { LatentSpace } from '../models/model';
import type { Picture } from '../images/picture';
import { lerpPath, slerpPath } from './interpolation';
import { RequestError, type ServeSession } from './session';

async function toImages(pictures: Picture[]): Promise<ServeImage[]> {
  return Promise.all(pictures.map(async (p) => ({ png: (await encodePng(p)).toString('base64'), width: p.width, height: p.height })));
}

function latentLength(latent: LatentSpace): number {
  return latent.kind === 'gaussian' ? latent.dim : latent.variables * latent.classes;
}

/** The decoder and its latent space, or a reply saying this model has none. */
function decoderOf(session: ServeSession) {
  const { decode, latent, prior } = session.explorer;
  if (!decode || !latent) throw new RequestError(`a ${session.modelType} model has no decoder`);
  return { decode, latent, prior, length: latentLength(latent) };
}

function checkPoints(z: number[][], length: number, field: string): void {
  const wrong = z.findIndex((row) => row.length !== length);
  if (wrong >= 0) throw new RequestError(`${field}[${wrong}] has ${z[wrong].length} numbers; the latent has ${length}`);
}

function checkIndices(session: ServeSession, indices: number[]): void {
  const count = session.testSet().count;
  const bad = indices.find((i) => i >= count);
  if (bad !== undefined) throw new RequestError(`test index ${bad} is out of range (the test set has ${count} images)`);
}

async function decodeOp(session: ServeSession, z: number[][], field = 'z'): Promise<ServeImage[]> {
  const { decode, length } = decoderOf(session);
  checkPoints(z, length, field);
  return toImages(await decode(z));
}

async function completeOp(session: ServeSession, r: Extract<ServeRequest, { op: 'complete' }>): Promise<ServeResult> {
  const { complete } = session.explorer;
  if (!complete) throw new RequestError(`a ${session.modelType} model is not autoregressive: it cannot complete images`);
  const { width, height, channels } = session.testSet();
  const size = width * height * channels;
  if (r.pixels.length !== size || r.mask.length !== size) {
    throw new RequestError(`pixels and mask must each have ${size} values (${width}×${height}×${channels}), got ${r.pixels.length} and ${r.mask.length}`);
  }
  const completions = await complete(r.pixels, r.mask, r.n, r.seed);
  return { op: 'complete', images: await toImages(completions.map((c) => c.picture)), logLikelihoods: completions.map((c) => c.logLikelihood) };
}

async function sampleOp(session: ServeSession, n: number, seed: number): Promise<ServeResult> {
  const { decode, prior, complete } = session.explorer;
  if (decode && prior) {
    const z = prior(n, seed);
    return { op: 'sample', z, images: await toImages(await decode(z)) };
  }
  if (!complete) throw new RequestError(`a ${session.modelType} model cannot sample here`);
  // Nothing kept: every pixel drawn from the model, i.e. plain ancestral samples.
  const { width, height, channels } = session.testSet();
  const size = width * height * channels;
  const completions = await complete(new Array(size).fill(0), new Array(size).fill(1), n, seed);
  return { op: 'sample', images: await toImages(completions.map((c) => c.picture)) };
}

async function walkOp(session: ServeSession, z: number[], only?: number[]): Promise<ServeResult> {
  const { decode, length } = decoderOf(session);
  checkPoints([z], length, 'z');
  const saved = session.epochs();
  const epochs = only ?? saved;
  const missing = epochs.find((e) => !saved.includes(e));
  if (missing !== undefined) throw new RequestError(`no checkpoint of epoch ${missing}`);
  const pictures: Picture[] = [];
  for (const epoch of epochs) pictures.push(...(await session.withEpoch(epoch, () => decode([z]))));
  return { op: 'walk', epochs, images: await toImages(pictures) };
}

async function generateOp(session: ServeSession, r: Extract<ServeRequest, { op: 'generate' }>): Promise<ServeResult> {
  const { generate, outputs } = session.explorer;
  if (!generate || !outputs) throw new RequestError(`a ${session.modelType} model does not generate numbers: ask it for images`);
  if (outputs.kind === 'real' && r.z) checkPoints(r.z, outputs.noiseDim, 'z');
  if (outputs.kind === 'real' && r.temperature !== undefined) throw new RequestError(`a ${session.modelType} generator has no temperature`);
  if (outputs.kind === 'categorical' && r.z) throw new RequestError('a categorical generator takes no z: ask for a temperature');
  return { op: 'generate', outputs: await generate({ ...r, n: r.n ?? 1, seed: r.seed ?? 0 }) };
}

async function exportOp(r: Extract<ServeRequest, { op: 'export' }>): Promise<ServeResult> {
  try {
    const file = await encodeFrames(r.frames.map((f) => Buffer.from(f, 'base64')), r);
    return { op: 'export', format: r.format, data: file.data.toString('base64'), width: file.width, height: file.height, frames: r.frames.length };
  } catch (e) {
    throw e instanceof FrameError ? new RequestError(e.message) : e;
  }
}

/** Answers one well-formed request; a RequestError thrown here becomes the error reply. */
export async function runOperation(session: ServeSession, r: ServeRequest): Promise<ServeResult> {
  switch (r.op) {
    case 'decode':
      return { op: 'decode', images: await decodeOp(session, r.z) };
    case 'interpolate': {
      const { length } = decoderOf(session);
      checkPoints([r.from, r.to], length, 'from/to');
      const z = (r.mode === 'slerp' ? slerpPath : lerpPath)(r.from, r.to, r.frames);
      return { op: 'interpolate', z, images: await decodeOp(session, z) };
    }
    case 'encode': {
      const { encode } = session.explorer;
      if (!encode) throw new RequestError(`a ${session.modelType} model has no encoder`);
      checkIndices(session, r.indices);
      const posterior = await encode(r.indices);
      return { op: 'encode', ...posterior, labels: r.indices.map((i) => session.testSet().labels[i]) };
    }
    case 'test-images': {
      checkIndices(session, r.indices);
      const test = session.testSet();
      const batch = gatherBatch(test, r.indices);
      const values = (await batch.x.data()) as Float32Array;
      batch.x.dispose();
      return { op: 'test-images', images: await toImages(splitPictures(values, r.indices.length, test)),
        labels: Array.from(batch.labels) };
    }
    case 'sample':
      return sampleOp(session, r.n, r.seed);
    case 'complete':
      return completeOp(session, r);
    case 'walk':
      return walkOp(session, r.z, r.epochs);
    case 'generate':
      return generateOp(session, r);
    case 'epochs':
      return { op: 'epochs', epochs: session.epochs(), loaded: session.epoch };
    case 'load':
      await session.load(r.epoch);
      return { op: 'load', epoch: r.epoch };
    case 'info':
      return { op: 'info', info: session.info() };
    case 'export':
      return exportOp(r);
  }
}
