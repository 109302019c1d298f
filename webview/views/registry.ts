/**
 * The panel's artifact views, keyed by artifact name (`ArtifactRef.name`).
 *
 * HOW TO ADD A VIEW (say, of the JSON artifact `my-view`; `mcmcTrace.ts` is a real one):
 *  1. Add `webview/views/myView.ts` that calls `registerView({ name: 'my-view', kind: 'json',
 *     title: 'My view', order: 60, create })`. `create(ctx)` returns an `ArtifactView`: an element
 *     and `show(input)`, called with the artifact saved for the epoch the slider points at.
 *     JSON views are best built with `jsonView` (./jsonView.ts), which reads the file, checks its
 *     shape and says in the card when it is wrong (add the type to src/shared/protocol.ts so the
 *     model writing it uses the same one).
 *  2. Import the file in `webview/views/index.ts`.
 * Images need no code at all: an image artifact without a view of its own is shown by the generic
 * image view under its name. Draw with `ctx.colors()` (theme colours) and the charts in
 * `webview/chart/`; build controls from `webview/components/`.
 */
import type { ArtifactRef } from '../../src/shared/protocol';
import type { ThemeColors } from '../theme/themeColors';

export interface ViewContext {
  /** Reads a JSON artifact through the host (path relative to the run folder); cached by path. */
  readJson(path: string): Promise<unknown>;
  /** The current theme's colours; views that draw on canvas read them on every draw. */
  colors(): ThemeColors;
}

export interface ArtifactViewInput {
  /** The artifact to show: the one saved at the chosen epoch, or the latest before it. */
  artifact: ArtifactRef;
  /** Its webview URI (images load through it), once the host has sent it. */
  uri: string | undefined;
  /** The epoch the shared slider points at; `artifact.epoch` may be earlier. */
  epoch: number;
}

export interface ArtifactView {
  readonly element: HTMLElement;
  show(input: ArtifactViewInput): void;
  /** Repaints with new theme colours (canvas views; CSS-styled ones need nothing). */
  restyle?(): void;
  /** The view as a PNG data URL, for views that draw on a canvas. */
  toPng?(): string | null;
  dispose?(): void;
}

export interface ViewDefinition {
  /** Artifact name the view renders. */
  name: string;
  kind: ArtifactRef['kind'];
  title: string;
  /** Position in the panel, lower first. */
  order: number;
  /** Takes two grid columns where there is room (plots that need space to read). */
  wide?: boolean;
  /** Takes a whole grid row (a table with many columns). */
  full?: boolean;
  create(ctx: ViewContext): ArtifactView;
}

const definitions = new Map<string, ViewDefinition>();
let imageFallback: ((name: string) => ViewDefinition) | null = null;

export function registerView(definition: ViewDefinition): void {
  if (definitions.has(definition.name)) throw new Error(`two views for the artifact "${definition.name}"`);
  definitions.set(definition.name, definition);
}

/** How an image artifact with no view of its own is shown. */
export function registerImageFallback(make: (name: string) => ViewDefinition): void {
  imageFallback = make;
}

/**
 * The view for an artifact, or undefined when it has none. A registered view takes its name over:
 * `latent-scatter` is drawn from its JSON, and the PNG saved beside it is not shown again.
 */
export function viewFor(name: string, kind: ArtifactRef['kind']): ViewDefinition | undefined {
  const definition = definitions.get(name);
  if (definition) return definition.kind === kind ? definition : undefined;
  return kind === 'image' && imageFallback ? imageFallback(name) : undefined;
}
