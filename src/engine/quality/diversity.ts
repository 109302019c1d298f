/**
 * A diversity score for a set of images, to flag mode collapse where no classifier knows the data
 * (the built-in faces, a user's CelebA).
 *
 * How: every image is box-averaged down to at most THUMBNAIL×THUMBNAIL (colour kept), and the
 * score is the mean, over all pairs of images, of their root-mean-square difference per value — a
 * number in [0, 1], 0 when all images are one.
 *
 * Why: a collapsed generator repeats one image (or a few) with small changes, so most pairs are
 * near twins. Averaging first makes the distance see faces, hair and background rather than pixel
 * noise: a collapsed set with jittered pixels stays near 0, and a half-collapsed set lands between
 * (its twin pairs count 0). The RMS distance, not its square, keeps one odd image from dominating.
 * Taken alone the number is in the data's units; divided by the same score of real images it reads
 * "as varied as the data" near 1. It measures spread only: noise scores high, so it flags collapse,
 * not quality. Every pair is used (no sampling), so it is deterministic; above MAX_IMAGES, evenly
 * spaced images stand in for the set. Cost: N²/2 distances of ≤ 768 values, ~0.1 s for 500 images.
 */

/** Side of the thumbnails the distance is taken on: coarse enough to ignore pixel noise, fine enough for a face's parts. */
const THUMBNAIL = 16;
/** Images used at most: all pairs of these. */
const MAX_IMAGES = 1024;

interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Box-averages image `index` to outH×outW×C: each output cell is the mean of the pixels that fall in it. */
function thumbnail(images: Float32Array, index: number, s: ImageShape, outH: number, outW: number): Float32Array {
  const { height, width, channels } = s;
  const sums = new Float32Array(outH * outW * channels);
  const counts = new Float32Array(outH * outW);
  const base = index * height * width * channels;
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * outH) / height) * outW;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor((x * outW) / width);
      counts[cell]++;
      const from = base + (y * width + x) * channels;
      for (let c = 0; c < channels; c++) sums[cell * channels + c] += images[from + c];
    }
  }
  for (let i = 0; i < sums.length; i++) sums[i] /= counts[Math.floor(i / channels)];
  return sums;
}

/** Which images stand in for the set: all of them, or MAX_IMAGES evenly spaced. */
function chosenImages(count: number): number[] {
  const n = Math.min(count, MAX_IMAGES);
  return Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
}

/**
 * Mean pairwise RMS distance between the images' thumbnails (see above); higher = more varied.
 * `images` is row-major count×H×W×C with values in [0, 1].
 */
export function diversity(images: Float32Array, count: number, shape: { height: number; width: number; channels: number }): number {
  if (images.length !== count * shape.height * shape.width * shape.channels) {
    throw new Error(`diversity: ${images.length} values for ${count} images of ${shape.height}×${shape.width}×${shape.channels}`);
  }
  if (count < 2) throw new Error('diversity needs at least two images');
  const outH = Math.min(THUMBNAIL, shape.height);
  const outW = Math.min(THUMBNAIL, shape.width);
  const thumbs = chosenImages(count).map((i) => thumbnail(images, i, shape, outH, outW));
  const size = thumbs[0].length;
  let total = 0;
  for (let i = 0; i < thumbs.length; i++) {
    for (let j = i + 1; j < thumbs.length; j++) {
      const a = thumbs[i];
      const b = thumbs[j];
      let squares = 0;
      for (let k = 0; k < size; k++) squares += (a[k] - b[k]) ** 2;
      total += Math.sqrt(squares / size);
    }
  }
  return total / ((thumbs.length * (thumbs.length - 1)) / 2);
}
