import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ValidationIssue } from '../../shared/protocol';
import type { GenlabServices } from '../context';
import { modelCatalog } from '../engineConfig';
import { resolveConfig } from '../util/configFiles';

export interface NewExperimentOptions {
  /** Example file name (e.g. `vae-mnist.genlab.json`) or model type; skips the template pick. */
  template?: string;
  /** Where to write it; skips the folder and name prompts. */
  target?: vscode.Uri;
}

/** GenLab: New Experiment… — writes a model's example config into the workspace and opens it. */
export async function newExperimentCommand(options: NewExperimentOptions = {}): Promise<vscode.Uri | undefined> {
  const templates = modelCatalog().MODEL_DEFINITIONS.flatMap((definition) => definition.examples.map((example) => ({
    label: example.file.replace(/\.genlab\.json$/, ''),
    description: definition.title,
    detail: String(example.config.description ?? definition.description),
    example,
    type: definition.type,
  })));
  const template = options.template
    ? templates.find((t) => t.example.file === options.template || t.type === options.template)
    : await vscode.window.showQuickPick(templates, { placeHolder: 'Template for the new experiment', matchOnDetail: true });
  if (!template) return undefined;
  const target = options.target ?? await askTarget(template.example.file);
  if (!target) return undefined;
  await writeFile(target.fsPath, JSON.stringify(template.example.config, null, 2) + '\n');
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

async function askTarget(fileName: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new config' });
  if (!folder) {
    if (folders.length === 0) void vscode.window.showWarningMessage('GenLab: open a folder first: configs live in a workspace.');
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    prompt: 'File name of the new config',
    value: freeName(folder.uri, fileName),
    validateInput: (value) => !value.endsWith('.genlab.json') ? 'GenLab configs end with .genlab.json'
      : existsSync(vscode.Uri.joinPath(folder.uri, value).fsPath) ? 'A file of that name exists' : undefined,
  });
  return name ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}

/** `vae-mnist.genlab.json`, or `vae-mnist-2.genlab.json` if that exists, and so on. */
function freeName(folder: vscode.Uri, fileName: string): string {
  const stem = fileName.replace(/\.genlab\.json$/, '');
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? fileName : `${stem}-${i}.genlab.json`;
    if (!existsSync(vscode.Uri.joinPath(folder, candidate).fsPath)) return candidate;
  }
}

/** GenLab: Validate Config — runs the engine's validator now and shows the result. */
export async function validateCommand(services: GenlabServices, uri?: vscode.Uri): Promise<ValidationIssue[] | undefined> {
  const configUri = await resolveConfig(uri, 'validate');
  if (!configUri) return undefined;
  const document = await vscode.workspace.openTextDocument(configUri);
  const issues = services.diagnostics.validate(document);
  const file = vscode.workspace.asRelativePath(configUri);
  if (issues.length === 0) {
    void vscode.window.showInformationMessage(`GenLab: ${file} is valid.`);
  } else {
    void vscode.window.showErrorMessage(`GenLab: ${file} has ${issues.length} problem${issues.length > 1 ? 's' : ''}.`);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return issues;
}
