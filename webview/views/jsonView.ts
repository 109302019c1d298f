import type { ThemeColors } from '../theme/themeColors';
import type { ArtifactView, ViewContext } from './registry';

/** What a view drawn from a JSON artifact supplies; `jsonView` does the reading, checking and messages. */
export interface JsonViewParts<T> {
  /** The drawing, hidden until the first artifact has been read and checked. */
  content: HTMLElement;
  /** What is loading, e.g. "trace". */
  noun: string;
  /** The artifact's content, or null if `json` does not have its shape. */
  parse(json: unknown): T | null;
  /** The expected shape, named in the card when a file does not have it. */
  shape: string;
  /** Draws `data`; called again with new colours when the theme changes. */
  draw(data: T, colors: ThemeColors): void;
  /** Redrawn when this element changes size: a canvas drawn to its card's width. */
  redrawOnResize?: HTMLElement;
  toPng?(): string | null;
  dispose?(): void;
}

/**
 * An artifact view over a JSON file: reads the artifact the epoch slider picks, checks its shape and
 * draws it, or says in the card why it cannot (a card is never left blank). A read that answers
 * after a newer one was asked for is dropped, so dragging the slider ends on the epoch it points at.
 */
export function jsonView<T>(ctx: ViewContext, parts: JsonViewParts<T>): ArtifactView {
  const status = document.createElement('p');
  status.className = 'gl-placeholder';
  const element = document.createElement('div');
  element.append(parts.content, status);
  parts.content.hidden = true;
  let wanted = '';
  let shown: T | null = null;
  const toPng = parts.toPng;
  const redraw = () => {
    if (shown) parts.draw(shown, ctx.colors());
  };
  const resizeObserver = new ResizeObserver(redraw);
  if (parts.redrawOnResize) resizeObserver.observe(parts.redrawOnResize);

  return {
    element,
    show({ artifact }) {
      if (artifact.path === wanted) return;
      wanted = artifact.path;
      // Keep the last drawing up while the next epoch loads; only a first load shows the message.
      status.hidden = shown !== null;
      status.textContent = `Loading ${parts.noun}…`;
      ctx.readJson(artifact.path).then((json) => {
        if (wanted !== artifact.path) return;
        const data = parts.parse(json);
        if (!data) throw new Error(`not ${parts.shape}`);
        shown = data;
        status.hidden = true;
        parts.content.hidden = false;
        element.dataset.epoch = String(artifact.epoch);
        parts.draw(data, ctx.colors());
      }).catch((e: unknown) => {
        if (wanted !== artifact.path) return;
        // Hide the previous epoch's drawing: under this card's epoch note it would pass for this one.
        shown = null;
        parts.content.hidden = true;
        status.hidden = false;
        status.textContent = `Cannot show ${artifact.path}: ${e instanceof Error ? e.message : String(e)}`;
      });
    },
    restyle: redraw,
    toPng: toPng && (() => (shown ? toPng() : null)),
    dispose: () => {
      resizeObserver.disconnect();
      parts.dispose?.();
    },
  };
}
