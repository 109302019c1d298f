import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { genlab, waitFor, writeConfig } from './helpers';

const BROKEN = `{
  "name": "broken",
  "model": { "type": "vae", "latentDim": "two" },
  "trainng": { "epochs": 1 }
}
`;

function genlabDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'genlab');
}

describe('diagnostics', () => {
  it('underlines exactly the values the engine rejects', async () => {
    await genlab();
    const uri = writeConfig('broken.genlab.json', BROKEN);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(() => genlabDiagnostics(uri).length >= 2 && genlabDiagnostics(uri), 'diagnostics');
    const text = (d: vscode.Diagnostic) => document.getText(d.range);
    const latent = diagnostics.find((d) => d.message.startsWith('model.latentDim'));
    assert.ok(latent, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(text(latent), '"two"');
    assert.deepEqual(latent.range.start, document.positionAt(BROKEN.indexOf('"two"')));
    const unknown = diagnostics.find((d) => d.message.includes('unknown key'));
    assert.ok(unknown);
    assert.equal(text(unknown), '"trainng"');
    assert.equal(latent.severity, vscode.DiagnosticSeverity.Error);
  });

  it('updates as the config is edited and clears when it is fixed', async () => {
    const uri = writeConfig('fixable.genlab.json', '{ "model": { "type": "vae", "latentDim": 0 } }\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await waitFor(() => genlabDiagnostics(uri).length === 1, 'one diagnostic');
    const zero = document.getText().indexOf('0 }');
    await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(zero), document.positionAt(zero + 1)), '2'));
    await waitFor(() => genlabDiagnostics(uri).length === 0, 'diagnostics to clear after the fix');
    await document.save();
  });

  it('Train on an invalid config starts nothing and shows where the problem is', async () => {
    const api = await genlab();
    const uri = writeConfig('invalid-train.genlab.json', BROKEN.replace('broken', 'invalid-train'));
    const before = api.runs.list().length;
    const runId = await vscode.commands.executeCommand<string | undefined>('genlab.train', uri);
    assert.equal(runId, undefined);
    assert.equal(api.runs.list().length, before);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
    assert.ok(genlabDiagnostics(uri).length >= 2);
  });

  it('Validate reports the issues of a config', async () => {
    const uri = writeConfig('validate-me.genlab.json', BROKEN);
    const issues = await vscode.commands.executeCommand<{ path: string }[]>('genlab.validate', uri);
    assert.deepEqual(issues?.map((i) => i.path).sort(), ['model.latentDim', 'trainng']);
  });
});
