import { TAGS } from './toolkit';

/** A titled box holding one view, with a note (e.g. the epoch shown) and an Export PNG action. */
export interface Card {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  setNote(text: string): void;
}

export interface CardOptions {
  title: string;
  /** Export handler; the button shows only for views that can export. */
  onExport?: () => void;
}

export function createCard(o: CardOptions): Card {
  const element = document.createElement('section');
  element.className = 'gl-card';
  const header = document.createElement('header');
  header.className = 'gl-card-header';
  const title = document.createElement('h3');
  title.textContent = o.title;
  const note = document.createElement('span');
  note.className = 'gl-card-note';
  header.append(title, note);
  if (o.onExport) {
    const exportButton = document.createElement(TAGS.button);
    exportButton.setAttribute('appearance', 'icon');
    exportButton.setAttribute('aria-label', `Export ${o.title} as PNG`);
    exportButton.title = 'Export as PNG';
    exportButton.textContent = '⤓';
    exportButton.addEventListener('click', o.onExport);
    header.append(exportButton);
  }
  const body = document.createElement('div');
  body.className = 'gl-card-body';
  element.append(header, body);
  return { element, body, setNote: (text) => { note.textContent = text; } };
}
