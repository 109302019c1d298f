import type { FramesFormat, ServeImage } from '../../src/shared/protocol';
import { createButton } from '../components';
import type { ExploreRequests } from './exploreRequests';

const LABELS: Record<FramesFormat, string> = { png: 'PNG', gif: 'GIF', webp: 'WebP' };

/**
 * Export buttons for an explorer's pictures: PNG saves them side by side (`across` a row), GIF and WebP as a looping
 * animation, one frame each. `frames` gives the pictures now shown; the buttons do nothing while there are none.
 */
export function framesExport(requests: ExploreRequests, view: string, noun: string, frames: () => ServeImage[],
  o: { formats?: FramesFormat[]; across?: number } = {}): HTMLElement {
  const box = document.createElement('div');
  box.className = 'gl-toolbar gl-frames-export';
  box.dataset.export = view;
  const caption = document.createElement('span');
  caption.className = 'gl-explorer-caption';
  caption.textContent = 'Export';
  box.append(caption, ...(o.formats ?? ['png', 'gif', 'webp']).map((format) => createButton({
    label: LABELS[format],
    title: format === 'png' ? `The ${noun} as one PNG` : `The ${noun} as a looping ${LABELS[format]} animation`,
    onClick: () => {
      const shown = frames();
      if (shown.length >= (format === 'png' ? 1 : 2)) requests.saveFrames(view, format, shown, o.across);
    },
  }).element));
  return box;
}

/** An Export PNG button for an explorer's charts: `png` draws them as one picture (null while nothing is drawn). */
export function chartExport(requests: ExploreRequests, view: string, noun: string, png: () => string | null): HTMLElement {
  const box = document.createElement('div');
  box.className = 'gl-toolbar gl-frames-export';
  box.dataset.export = view;
  box.append(createButton({ label: 'Export PNG', title: `The ${noun} as a PNG`, onClick: () => {
    const dataUrl = png();
    if (dataUrl) requests.savePng(view, dataUrl);
  } }).element);
  return box;
}
