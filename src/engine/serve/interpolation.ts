/** `frames` points from `from` to `to` (both ends included), on the straight line. */
export function lerpPath(from: number[], to: number[], frames: number): number[][] {
  return Array.from({ length: frames }, (_, f) => {
    const t = f / (frames - 1);
    return from.map((a, i) => a + t * (to[i] - a));
  });
}

/**
 * Spherical interpolation (Shoemake; White 2016 for GAN and VAE latents): along the great circle
 * between the two directions, with the norm moving linearly between theirs. Under a Gaussian prior
 * the points stay near the shell where the prior's mass is, which the straight line cuts through.
 * Falls back to the straight line when the two are (anti)parallel or one is zero.
 */
export function slerpPath(from: number[], to: number[], frames: number): number[][] {
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const [na, nb] = [norm(from), norm(to)];
  if (na === 0 || nb === 0) return lerpPath(from, to, frames);
  const cos = Math.min(1, Math.max(-1, from.reduce((s, x, i) => s + x * to[i], 0) / (na * nb)));
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  if (sin < 1e-6) return lerpPath(from, to, frames);
  return Array.from({ length: frames }, (_, f) => {
    const t = f / (frames - 1);
    const [wa, wb] = [Math.sin((1 - t) * omega) / sin, Math.sin(t * omega) / sin];
    // The unit directions slerped, then scaled to the interpolated norm.
    const scale = (1 - t) * na + t * nb;
    return from.map((a, i) => scale * (wa * (a / na) + wb * (to[i] / nb)));
  });
}
