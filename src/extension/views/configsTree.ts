import * as vscode from 'vscode';
import { CONFIG_GLOB, findConfigs } from '../util/configFiles';

/** The Configs view: every `*.genlab.json` in the workspace, with Train inline. */
export class ConfigsTreeProvider implements vscode.TreeDataProvider<vscode.Uri>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB, false, true, false);

  constructor() {
    this.watcher.onDidCreate(() => this.changeEmitter.fire());
    this.watcher.onDidDelete(() => this.changeEmitter.fire());
  }

  getChildren(element?: vscode.Uri): Promise<vscode.Uri[]> | vscode.Uri[] {
    return element ? [] : findConfigs();
  }

  getTreeItem(uri: vscode.Uri): vscode.TreeItem {
    const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
    item.description = vscode.workspace.asRelativePath(uri.with({ path: uri.path.replace(/\/[^/]*$/, '') }));
    item.contextValue = 'config';
    item.command = { command: 'vscode.open', title: 'Open Config', arguments: [uri] };
    return item;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changeEmitter.dispose();
  }
}
