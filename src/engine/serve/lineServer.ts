import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ServeReply, ServeRequest } from '../../shared/protocol';
import { parseServeRequest } from '../../shared/serveRequests';
import { runOperation } from './operations';
import type { ServeSession } from './session';

/** Longest request line read (a 64×64×3 completion's pixels and mask fit many times over). */
const MAX_LINE = 4 * 1024 * 1024;

type Queued = { request: ServeRequest } | { reply: ServeReply };

/** The newest queued decode with the same coalesce key as `r`, when one waits behind it. */
function newerDecode(r: ServeRequest, queue: Queued[]): ServeRequest | undefined {
  if (r.op !== 'decode' || r.coalesce === undefined) return undefined;
  let newer: ServeRequest | undefined;
  for (const q of queue) if ('request' in q && q.request.op === 'decode' && q.request.coalesce === r.coalesce) newer = q.request;
  return newer;
}

async function answer(session: ServeSession, request: ServeRequest): Promise<ServeReply> {
  try {
    return { id: request.id, ...(await runOperation(session, request)) };
  } catch (e) {
    // Whatever went wrong with one request is that request's answer; the service goes on.
    return { id: request.id, error: (e as Error).message ?? String(e) };
  }
}

/**
 * Answers JSON-line requests from `input` on `output`, one reply line per request, in order. While
 * one request runs, later lines queue; a queued decode with a `coalesce` key is answered
 * `superseded` when a newer one with the same key waits (a dragged pointer: only its latest place is
 * decoded). Resolves when the input ends and every queued request is answered.
 */
export function serveLines(session: ServeSession, input: Readable, output: Writable): Promise<void> {
  const queue: Queued[] = [];
  let busy = false;
  let ended = false;
  let finish: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const send = (reply: ServeReply) => output.write(JSON.stringify(reply) + '\n');

  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const next = queue.shift()!;
      if ('reply' in next) {
        send(next.reply);
        continue;
      }
      const newer = newerDecode(next.request, queue);
      send(newer ? { id: next.request.id, superseded: newer.id } : await answer(session, next.request));
    }
    busy = false;
    if (ended) finish();
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const parsed = line.length > MAX_LINE ? { id: null, error: `request line over ${MAX_LINE} characters` } : parseServeRequest(line);
    queue.push('request' in parsed ? { request: parsed.request } : { reply: { id: parsed.id, error: parsed.error } });
    void pump();
  });
  lines.on('close', () => {
    ended = true;
    if (!busy) finish();
  });
  return done;
}
