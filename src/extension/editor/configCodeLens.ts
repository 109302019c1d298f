import * as vscode from 'vscode';
import { parseTree, findNodeAtLocation } from 'jsonc-parser';
import { isConfigDocument } from '../util/configFiles';

/** Whether a config has a top-level `sweep` section. */
function hasSweep(text: string): boolean {
  const root = parseTree(text);
  return root !== undefined && findNodeAtLocation(root, ['sweep'])?.type === 'object';
}

/** `▶ Train · Validate · Open last run` at the top of every config. */
export class ConfigCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isConfigDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Train', command: 'genlab.train', arguments: [document.uri], tooltip: 'Train this config' }),
      new vscode.CodeLens(top, { title: 'Validate', command: 'genlab.validate', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Open last run', command: 'genlab.openLastRun', arguments: [document.uri] }),
      ...(hasSweep(document.getText())
        ? [new vscode.CodeLens(top, { title: '▶ Sweep', command: 'genlab.sweep', arguments: [document.uri], tooltip: 'Run every trial of the sweep section' })]
        : []),
    ];
  }
}

export function registerConfigCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.genlab.json' }, new ConfigCodeLensProvider());
}
