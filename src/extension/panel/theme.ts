import * as vscode from 'vscode';

export type PanelTheme = 'light' | 'dark' | 'high-contrast';

export function currentPanelTheme(): PanelTheme {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast';
    default:
      return 'dark';
  }
}
