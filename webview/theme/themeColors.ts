import { withAlpha } from './color';

/** The colours and font canvas drawing needs, read from VS Code's theme variables. */
export interface ThemeColors {
  kind: 'light' | 'dark' | 'high-contrast';
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  /** Border drawn around marks in high contrast themes, empty otherwise. */
  contrastBorder: string;
  /** Line colours: VS Code's chart palette, so curves match the rest of the editor. */
  series: string[];
  /** Ten clearly distinct colours for labelled points (digits, classes). */
  categories: string[];
  font: string;
}

/**
 * Category colours per background. VS Code's six chart colours are too few for ten classes, and in
 * light themes its orange and yellow are hard to tell apart; these are Tableau 10 (matplotlib's
 * scatter colours, as in the scatter PNG the trainer writes), brightened for dark backgrounds and
 * saturated for high contrast.
 */
const CATEGORIES = {
  light: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
  dark: ['#4e9fe6', '#ff9f40', '#5cc45c', '#ff6b6b', '#b48ee0', '#c49c94', '#f39bd6', '#b0b0b0', '#dbdb4a', '#3fd6e8'],
  'high-contrast': ['#3794ff', '#ff8c00', '#89d185', '#f48771', '#b180d7', '#fff200', '#00ffff', '#ff66ff', '#ffb86c', '#ffffff'],
};

export function readThemeColors(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const get = (name: string, fallback: string) => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const kind = themeKind();
  const foreground = get('editor-foreground', get('foreground', kind === 'light' ? '#333333' : '#cccccc'));
  const chart = (name: string, fallback: string) => get(`charts-${name}`, fallback);
  return {
    kind,
    foreground,
    muted: get('descriptionForeground', withAlpha(foreground, 0.7)),
    background: get('editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    grid: withAlpha(get('charts-lines', foreground), highContrast() ? 0.45 : 0.18),
    contrastBorder: highContrast() ? get('contrastBorder', '#6fc3df') : '',
    series: [
      chart('blue', '#3794ff'), chart('orange', '#d18616'), chart('green', '#89d185'),
      chart('red', '#f14c4c'), chart('purple', '#b180d7'), chart('yellow', '#cca700'),
    ],
    categories: CATEGORIES[kind],
    font: `${get('font-size', '13px')} ${get('font-family', 'system-ui, sans-serif')}`,
  };
}

/**
 * VS Code marks the webview body with the theme's kind. High contrast light counts as light here:
 * what the palette must suit is the background.
 */
export function themeKind(): ThemeColors['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light') || c.contains('vscode-light')) return 'light';
  return c.contains('vscode-high-contrast') ? 'high-contrast' : 'dark';
}

const highContrast = () => document.body.classList.contains('vscode-high-contrast') ||
  document.body.classList.contains('vscode-high-contrast-light');

/** Calls `onChange` when VS Code switches theme (it rewrites the body class and the root's variables). */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
