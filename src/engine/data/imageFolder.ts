import { readdirSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { DataConfig } from '../config/common';
import { deriveSeed, Rng } from '../util/rng';
import { takeFirst, type DataSplits, type ImageSet } from './dataset';
import { fsProblem } from './fsProblem';

type ImageFolderConfig = Extract<DataConfig, { source: 'image-folder' }>;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/**
 * The image files under `root`, sorted. A subfolder that cannot be read is skipped like a corrupt image: its
 * problem goes into `problems` ("<folder>/: permission denied"); `root` itself unreadable is fatal.
 */
function listImages(root: string, problems: string[], dir = root): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (dir === root) throw new Error(`cannot read ${dir}: ${fsProblem(e)}`, { cause: e });
    problems.push(`${relative(root, dir)}/: ${fsProblem(e)}`);
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listImages(root, problems, path));
    else if (!IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
    // A FIFO or socket named x.png: reading it would wait for a writer for ever.
    else problems.push(`${relative(root, path)}: not a regular file`);
  }
  return out.sort();
}

/**
 * Decodes one image the way the classic CelebA pipeline does: crop the box, then resize to
 * size×size. Returns the bytes, or why the image cannot be used.
 */
export async function decodeImage(
  path: string, config: Pick<ImageFolderConfig, 'crop' | 'size' | 'channels'>,
): Promise<Uint8Array | string> {
  // sharp is native: loaded only when an image folder is used.
  const sharp = (await import('sharp')).default;
  let bytes: Buffer;
  try {
    // Read here, not by sharp: it reports an unreadable file as "unsupported image format".
    bytes = await readFile(path);
  } catch (e) {
    return fsProblem(e);
  }
  try {
    let image = sharp(bytes, { failOn: 'error' });
    if (config.crop) {
      const meta = await image.metadata();
      const { x, y, width, height } = config.crop;
      if ((meta.width ?? 0) < x + width || (meta.height ?? 0) < y + height) {
        return `${meta.width}×${meta.height} is smaller than the crop box`;
      }
      image = image.extract({ left: x, top: y, width, height });
    }
    image = image.resize(config.size, config.size, { fit: 'fill' });
    image = config.channels === 1 ? image.grayscale() : image.removeAlpha().toColourspace('srgb');
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== config.channels) return `decoded to ${info.channels} channels`;
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping results in order. */
async function mapPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Loads a folder of images; corrupt, unreadable or unusable files and unreadable subfolders are skipped and
 * counted, never fatal.
 * The test split is a fixed, seeded choice of images so it stays the same across runs.
 */
export async function loadImageFolder(config: ImageFolderConfig): Promise<DataSplits> {
  const problems: string[] = [];
  const files = listImages(config.dir, problems);
  if (files.length === 0) {
    throw new Error(`no JPEG/PNG/WebP images in ${config.dir}${problems.length ? ` (${problems.slice(0, 3).join('; ')})` : ''}`);
  }
  const wanted = config.limit !== undefined ? files.slice(0, config.limit + Math.ceil(config.limit * config.testFraction)) : files;
  const decoded = await mapPool(wanted, 4, (f) => decodeImage(f, config));
  const size = config.size * config.size * config.channels;
  const good: Uint8Array[] = [];
  decoded.forEach((d, i) => (typeof d === 'string' ? problems.push(`${relative(config.dir, wanted[i])}: ${d}`) : good.push(d)));
  if (good.length < 2) throw new Error(`${config.dir}: only ${good.length} usable images (${problems.slice(0, 3).join('; ')})`);

  const order = new Rng(deriveSeed(0x1f, good.length)).permutation(good.length);
  const testCount = Math.max(1, Math.round(good.length * config.testFraction));
  const toSet = (indices: Uint32Array): ImageSet => {
    const pixels = new Uint8Array(indices.length * size);
    indices.forEach((idx, i) => pixels.set(good[idx], i * size));
    return { pixels, labels: new Uint8Array(indices.length), count: indices.length,
      height: config.size, width: config.size, channels: config.channels };
  };
  const train = takeFirst(toSet(order.subarray(testCount)), config.limit);
  const test = takeFirst(toSet(order.subarray(0, testCount)), config.testLimit);
  const detail = problems.length > 0
    ? `skipped ${problems.length}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`
    : undefined;
  return { source: `image-folder:${config.dir}`, train, test, skipped: problems.length, detail };
}
