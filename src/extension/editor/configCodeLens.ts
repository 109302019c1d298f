import * as vscode from 'vscode';
import { isConfigDocument } from '../util/configFiles';

/** `▶ Train · Validate · Open last run` at the top of every config. */
export class ConfigCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isConfigDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Train', command: 'genlab.train', arguments: [document.uri], tooltip: 'Train this config' }),
      new vscode.CodeLens(top, { title: 'Validate', command: 'genlab.validate', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Open last run', command: 'genlab.openLastRun', arguments: [document.uri] }),
    ];
  }
}

export function registerConfigCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.genlab.json' }, new ConfigCodeLensProvider());
}
