import { serveLines } from '../engine/serve/lineServer';
import { ServeSession } from '../engine/serve/session';
import { InputError } from '../engine/train/errors';
import type { ParsedArgs } from './args';

/**
 * `genlab serve <run-dir> [--epoch N]`: answers JSON-line requests on stdin with one reply line each
 * on stdout (the protocol is `ServeRequest` / `ServeReply` in src/shared/protocol.ts) until stdin ends.
 */
export async function serveCommand(args: ParsedArgs): Promise<number> {
  const runDir = args.positionals[0];
  if (!runDir) throw new InputError('usage: genlab serve <run-dir> [--epoch N]');
  // Replies own stdout: anything a library prints goes to stderr.
  console.log = console.error;
  console.info = console.error;
  const session = await ServeSession.open(runDir);
  try {
    const epoch = args.values.get('--epoch');
    if (epoch !== undefined) {
      const n = Number(epoch);
      if (!session.epochs().includes(n)) throw new InputError(`--epoch ${epoch}: saved epochs are ${session.epochs().join(', ')}`);
      await session.load(n);
    }
    process.stdout.on('error', () => process.exit(0)); // the reader went away
    process.stderr.write(`genlab serve: ${session.info().model} run ${session.store.id}, epoch ${session.epoch} loaded\n`);
    await serveLines(session, process.stdin, process.stdout);
  } finally {
    session.dispose();
  }
  return 0;
}
