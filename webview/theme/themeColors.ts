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
  /** Distinct series colours: VS Code's chart palette first, then four more for 10-class data. */
  series: string[];
  font: string;
}

/** Extra categorical colours after VS Code's six chart colours, tuned for each background. */
const EXTRA_SERIES = {
  light: ['#0f8b8d', '#c2388e', '#8c564b', '#6b6b6b'],
  dark: ['#4fd6e8', '#f28fd0', '#c49c94', '#b0b0b0'],
  'high-contrast': ['#00ffff', '#ff66ff', '#ffb86c', '#ffffff'],
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
      ...EXTRA_SERIES[kind],
    ],
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
