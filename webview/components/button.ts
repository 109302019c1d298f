import { TAGS } from './toolkit';

export interface Button {
  readonly element: HTMLElement;
  setEnabled(enabled: boolean): void;
  setVisible(visible: boolean): void;
}

export interface ButtonOptions {
  label: string;
  /** Tooltip and accessible name when the label alone is not enough. */
  title?: string;
  appearance?: 'primary' | 'secondary';
  onClick(): void;
}

export function createButton(o: ButtonOptions): Button {
  const element = document.createElement(TAGS.button);
  element.textContent = o.label;
  element.setAttribute('appearance', o.appearance ?? 'secondary');
  if (o.title) element.title = o.title;
  element.addEventListener('click', () => {
    if (!element.hasAttribute('disabled')) o.onClick();
  });
  return {
    element,
    setEnabled: (enabled) => element.toggleAttribute('disabled', !enabled),
    setVisible: (visible) => { element.hidden = !visible; },
  };
}
