/**
 * A small label, e.g. a run's status or a diagnostic's verdict. A plain element styled like VS Code's
 * badges: the toolkit's `vscode-tag` template carries an inline style attribute, which the panel's
 * CSP (rightly) blocks.
 */
export interface Tag {
  readonly element: HTMLElement;
  setText(text: string): void;
}

/** `bad` is red and `ok` green (a value past or within its threshold); `neutral` is a plain badge. */
export type TagTone = 'neutral' | 'ok' | 'bad';

export function createTag(text = '', tone: TagTone = 'neutral'): Tag {
  const element = document.createElement('span');
  element.className = 'gl-tag';
  element.textContent = text;
  if (tone !== 'neutral') element.dataset.tone = tone;
  return { element, setText: (t) => { element.textContent = t; } };
}
