import * as vscode from 'vscode';

export const CONFIG_GLOB = '**/*.genlab.json';
const CONFIG_SUFFIX = '.genlab.json';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.genlab/**}';

export function isConfigUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && uri.path.endsWith(CONFIG_SUFFIX);
}

export function isConfigDocument(document: vscode.TextDocument): boolean {
  return isConfigUri(document.uri);
}

/** Every config in the workspace, sorted by path. */
export async function findConfigs(): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(CONFIG_GLOB, EXCLUDE_GLOB);
  return uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The config to act on: the one given, else the active editor's, else one the user picks. */
export async function resolveConfig(given: vscode.Uri | undefined, verb: string): Promise<vscode.Uri | undefined> {
  if (isConfigUri(given)) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isConfigUri(active)) return active;
  const configs = await findConfigs();
  if (configs.length === 0) {
    const create = 'New Experiment…';
    const answer = await vscode.window.showInformationMessage('No *.genlab.json config in this workspace.', create);
    if (answer === create) await vscode.commands.executeCommand('genlab.newExperiment');
    return undefined;
  }
  if (configs.length === 1) return configs[0];
  const picked = await vscode.window.showQuickPick(
    configs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: `Config to ${verb}` },
  );
  return picked?.uri;
}
