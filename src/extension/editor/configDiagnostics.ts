import * as vscode from 'vscode';
import type { ValidationIssue } from '../../shared/protocol';
import { configLoader } from '../engineConfig';
import { isConfigDocument } from '../util/configFiles';

const VALIDATE_DELAY_MS = 300;

/**
 * Runs the engine's own validator (the one the trainer uses) on every open `*.genlab.json`, so what the editor
 * underlines is exactly what would stop a run. The JSON Schema (jsonValidation) adds completion and hovers.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('genlab');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly initialCheck: NodeJS.Timeout;

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.validateSoon(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    // Configs already open are checked just after activation, which stays quick (see engineConfig.ts).
    this.initialCheck = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) this.validate(document);
    }, 0);
  }

  /** Validates now and returns the issues found (empty when the config is valid). */
  validate(document: vscode.TextDocument, overrides: string[] = []): ValidationIssue[] {
    if (!isConfigDocument(document)) return [];
    const issues = configIssues(document.getText(), document.uri.fsPath, overrides);
    this.collection.set(document.uri, issues.map((issue) => toDiagnostic(document, issue)));
    return issues;
  }

  dispose(): void {
    clearTimeout(this.initialCheck);
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private validateSoon(document: vscode.TextDocument): void {
    if (!isConfigDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.validate(document);
    }, VALIDATE_DELAY_MS));
  }
}

export function configIssues(text: string, file: string, overrides: string[] = []): ValidationIssue[] {
  const { ConfigError, parseConfig } = configLoader();
  try {
    parseConfig(text, file, overrides);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    return [{ file, path: '', line: 1, column: 1, offset: 0, length: 0, message: (e as Error).message }];
  }
}

function toDiagnostic(document: vscode.TextDocument, issue: ValidationIssue): vscode.Diagnostic {
  const start = document.positionAt(issue.offset);
  // A zero-length issue (a missing key reported at its parent) still needs something visible to underline.
  const end = issue.length > 0 ? document.positionAt(issue.offset + issue.length) : start.translate(0, 1);
  const message = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'genlab';
  return diagnostic;
}
