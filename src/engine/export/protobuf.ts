/**
 * Just enough protocol-buffers encoding to write an ONNX model: varints, length-delimited fields and
 * 32-bit floats. A message is the concatenation of its fields' bytes.
 */

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // negative int64s are ten-byte two's complement
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);

export type Field = Uint8Array;

export function intField(field: number, value: number | bigint): Field {
  return Uint8Array.from([...key(field, 0), ...varint(value)]);
}

export function floatField(field: number, value: number): Field {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return Uint8Array.from([...key(field, 5), ...bytes]);
}

export function bytesField(field: number, value: Uint8Array): Field {
  const head = Uint8Array.from([...key(field, 2), ...varint(value.length)]);
  return concat([head, value]);
}

export function stringField(field: number, value: string): Field {
  return bytesField(field, new TextEncoder().encode(value));
}

/** An embedded message: its fields, length-prefixed. */
export function messageField(field: number, fields: Field[]): Field {
  return bytesField(field, concat(fields));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
