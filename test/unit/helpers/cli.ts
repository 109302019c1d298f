import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseTrainerEvent, type TrainerEvent } from '../../../src/shared/protocol';

const root = join(__dirname, '..', '..', '..');

/** Starts the `genlab` CLI from source (no build needed), in `cwd`; its stdin is /dev/null unless asked for a pipe. */
export function startCli(args: string[], cwd = root, env: NodeJS.ProcessEnv = {}, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'src', 'cli', 'main.ts'), ...args],
    { cwd, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: TrainerEvent[];
}

/** Runs the CLI to the end; `onEvent` sees each --json event as it arrives (and may kill the process). */
export function runCli(args: string[], onEvent?: (e: TrainerEvent, child: ChildProcess) => void, cwd = root,
  env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = startCli(args, cwd, env);
  const result: CliResult = { code: null, signal: null, stdout: '', stderr: '', events: [] };
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    result.stdout += chunk;
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const event = parseTrainerEvent(line);
      if (event) {
        result.events.push(event);
        onEvent?.(event, child);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (result.stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ ...result, code, signal })));
}

export const ROOT = root;
