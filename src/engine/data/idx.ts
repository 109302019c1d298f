import { gunzipSync } from 'node:zlib';

/** An idx file (the MNIST format): big-endian header with dimensions, then unsigned bytes. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

function gunzip(raw: Uint8Array, name: string): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(raw));
  } catch (e) {
    // zlib's message ("unexpected end of file") names no file.
    throw new Error(`${name}: not a complete gzip file (${(e as Error).message})`, { cause: e });
  }
}

/** Parses idx bytes, gunzipping first when they are gzipped (Debian ships Fashion-MNIST as .gz). */
export function parseIdx(raw: Uint8Array, name: string): IdxArray {
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzip(raw, name) : raw;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new Error(`${name}: not an idx file (bad magic number)`);
  if (bytes[2] !== 0x08) throw new Error(`${name}: idx element type 0x${bytes[2].toString(16)} is not unsigned bytes`);
  const rank = bytes[3];
  if (bytes.length < 4 + 4 * rank) {
    throw new Error(`${name}: truncated idx header (${bytes.length} bytes; ${rank} dimensions need ${4 + 4 * rank})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * rank;
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < offset + count) {
    throw new Error(`${name}: truncated idx file (${bytes.length - offset} of ${count} bytes)`);
  }
  return { dims, data: bytes.subarray(offset, offset + count) };
}
