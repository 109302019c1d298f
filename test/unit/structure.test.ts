import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * The house rules a reader relies on, checked on the source itself: functions short enough to hold in mind,
 * no import cycles (type-only imports count: they tie the files' meaning together just the same), and model
 * folders that import only shared rooms, never each other.
 */

const ROOT = resolve(__dirname, '..', '..');
const MAX_FUNCTION_LINES = 80;
const MODELS_DIR = join('src', 'engine', 'models');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = [...sourceFiles('src'), ...sourceFiles('webview')];
const parsed = new Map(files.map((file) => [file,
  ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true)]));

/** Relative module specifiers of a file: imports, re-exports, `import('…')` types and dynamic imports. */
function specifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((s) => s.startsWith('.'));
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((candidate) => parsed.has(candidate));
}

const imports = new Map(files.map((file) => [file,
  [...new Set(specifiers(parsed.get(file)!).map((s) => resolveImport(file, s)).filter((f): f is string => f !== undefined))]]));

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
function importCycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (file: string) => {
    indices.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of imports.get(file) ?? []) {
      if (!indices.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, indices.get(next)!));
      }
    }
    if (low.get(file) !== indices.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || imports.get(file)!.includes(file)) cycles.push(component.sort());
  };
  for (const file of files) if (!indices.has(file)) connect(file);
  return cycles;
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText();
  if (ts.isVariableDeclaration(node.parent)) return node.parent.name.getText();
  if (ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent)) return node.parent.name.getText();
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous)';
}

function longFunctions(): string[] {
  const found: string[] = [];
  for (const [file, source] of parsed) {
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = last - first + 1;
        if (lines > MAX_FUNCTION_LINES) found.push(`${file}:${first + 1} ${functionName(node)}: ${lines} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The model folder a file is in (`vae`, `gan`, …), or undefined outside the model folders. */
function modelFolder(file: string): string | undefined {
  const rest = relative(MODELS_DIR, file);
  const parts = rest.split(/[\\/]/);
  return !rest.startsWith('..') && parts.length > 1 ? parts[0] : undefined;
}

describe('code structure', () => {
  it('reads the source tree', () => {
    assert.ok(files.length > 100, `only ${files.length} files found under src/ and webview/`);
    assert.ok(imports.get(join('src', 'engine', 'train', 'trainer.ts'))!.includes(join('src', 'engine', 'models', 'factories.ts')));
  });

  it('has no import cycles, type-only imports included', () => {
    assert.deepEqual(importCycles().map((c) => c.join(' → ')), []);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    assert.deepEqual(longFunctions(), []);
  });

  it('model folders import shared rooms only, never another model folder', () => {
    const crossings = [...imports].flatMap(([file, targets]) => targets
      .filter((target) => modelFolder(file) && modelFolder(target) && modelFolder(target) !== modelFolder(file))
      .map((target) => `${file} → ${target}`));
    assert.deepEqual(crossings, []);
  });
});
