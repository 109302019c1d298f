import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, genlab } from './helpers';

describe('activation', () => {
  it('activates and registers every contributed command', async () => {
    const api = await genlab();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(extension.isActive, true);
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
    const { load, activate, total, cpu } = api.activationMs;
    console.log(`      activation: ${total.toFixed(1)} ms (modules ${load.toFixed(1)} ms + activate() ${activate.toFixed(1)} ms),` +
      ` ${cpu.toFixed(1)} ms of CPU`);
    // CPU time, not wall time: on two cores the browser, the server and the workbench start beside the
    // extension host, and waiting for a core is not a cost of our code (a fresh clone's first run saw 104 ms wall).
    assert.ok(cpu < 100, `activation used ${cpu.toFixed(1)} ms of CPU (${total.toFixed(1)} ms wall)`);
  });

  it('runs in the workspace (remote) extension host and contributes the config schema', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.genlab.json', url: './schemas/genlab.schema.json' }]);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.extensionKind, vscode.ExtensionKind.Workspace);
  });
});
