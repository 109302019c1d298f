import type { Picture } from './picture';
import { viridis } from '../../shared/palette';

/**
 * Pictures of width × height grids, side by side with a `gap`, each cell drawn as a `scale`×`scale`
 * block: grey for `kind: 'grey'` values, viridis for `kind: 'heat'`. Values are row-major in [0, 1].
 */
export function panelsPicture(
  panels: { values: ArrayLike<number>; kind: 'grey' | 'heat' }[], width: number, height: number, scale: number, gap = 8,
): Picture {
  const panelW = width * scale;
  const outW = panels.length * panelW + (panels.length - 1) * gap;
  const outH = height * scale;
  const pixels = new Uint8Array(outW * outH * 3).fill(255);
  panels.forEach((panel, p) => {
    const left = p * (panelW + gap);
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < panelW; x++) {
        const v = panel.values[Math.floor(y / scale) * width + Math.floor(x / scale)];
        const g = Math.round(255 * Math.min(1, Math.max(0, v)));
        pixels.set(panel.kind === 'heat' ? viridis(v) : [g, g, g], (y * outW + left + x) * 3);
      }
    }
  });
  return { width: outW, height: outH, channels: 3, pixels };
}
