import type { ArtifactRef } from '../../src/shared/protocol';
import { createCard, type Card } from '../components';
import { artifactAt } from '../model/epochs';
import type { RunState } from '../model/runState';
import { viewFor, type ArtifactView, type ViewContext, type ViewDefinition } from '../views';

interface Shown {
  definition: ViewDefinition;
  view: ArtifactView;
  card: Card;
}

/** The grid of artifact views: one per artifact name the run has a view for, all at one epoch. */
export class ArtifactViews {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly ctx: ViewContext, private readonly exportPng: (view: string, dataUrl: string) => void) {
    this.element = document.createElement('div');
    this.grid = document.createElement('div');
    this.grid.className = 'gl-view-grid';
    this.empty = document.createElement('p');
    this.empty.className = 'gl-placeholder';
    this.empty.textContent = 'Samples, reconstructions and the latent space appear after the first epoch.';
    this.element.append(this.empty, this.grid);
  }

  /** Artifacts some view will show (the slider's epochs come from these). */
  static viewable(run: RunState): ArtifactRef[] {
    return [...run.artifacts.values()].filter((a) => viewFor(a.name, a.kind));
  }

  render(run: RunState, epoch: number | null): void {
    const artifacts = ArtifactViews.viewable(run);
    const definitions = new Map<string, ViewDefinition>();
    for (const a of artifacts) definitions.set(a.name, viewFor(a.name, a.kind)!);
    const ordered = [...definitions.values()].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    this.empty.hidden = ordered.length > 0;

    for (const [name, s] of this.shown) {
      if (!definitions.has(name)) {
        s.view.dispose?.();
        s.card.element.remove();
        this.shown.delete(name);
      }
    }
    ordered.forEach((definition, position) => {
      const s = this.shown.get(definition.name) ?? this.create(definition);
      if (this.grid.children[position] !== s.card.element) {
        this.grid.insertBefore(s.card.element, this.grid.children[position] ?? null);
      }
      if (epoch === null) return;
      const artifact = artifactAt(artifacts, definition.name, definition.kind, epoch);
      if (!artifact) return;
      s.card.element.dataset.epoch = String(artifact.epoch);
      s.card.setNote(artifact.epoch === epoch ? `epoch ${epoch}` : `epoch ${artifact.epoch} (none saved at ${epoch})`);
      s.view.show({ artifact, uri: run.uris.get(artifact.path), epoch });
    });
  }

  restyle(): void {
    for (const s of this.shown.values()) s.view.restyle?.();
  }

  private create(definition: ViewDefinition): Shown {
    const view = definition.create(this.ctx);
    const toPng = view.toPng?.bind(view);
    const card = createCard({
      title: definition.title,
      onExport: toPng && (() => {
        const png = toPng();
        if (png) this.exportPng(definition.name, png);
      }),
    });
    card.element.classList.add(`gl-view-${definition.kind}`);
    card.element.classList.toggle('gl-card-wide', definition.wide ?? false);
    card.element.classList.toggle('gl-card-full', definition.full ?? false);
    card.element.dataset.view = definition.name;
    card.body.append(view.element);
    const shown = { definition, view, card };
    this.shown.set(definition.name, shown);
    return shown;
  }
}
