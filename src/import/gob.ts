// A reader of Go's gob encoding (encoding/gob), which Go servers keep records in (Gokapi a file's encryption info,
// Plik its exports): the type definitions a stream carries first, then values decoded by them into plain objects.
// No npm library reads gob. What is not here (interface values, complex numbers) is refused with an error, never guessed.

/** A decoded value: structs as objects by field name, slices and arrays as arrays, maps as Map, []byte as Buffer. */
export type GobValue = boolean | number | bigint | string | Buffer | GobValue[] | Map<GobValue, GobValue> | { [field: string]: GobValue };

type TypeDef =
  | { kind: 'struct'; name: string; fields: Array<{ name: string; id: number }> }
  | { kind: 'slice' | 'array'; elem: number }
  | { kind: 'map'; key: number; elem: number }
  /** A type that encodes itself (GobEncoder, BinaryMarshaler, TextMarshaler: time.Time…): its bytes as they are. */
  | { kind: 'opaque' };

// The ids gob gives its own types (encoding/gob's type.go).
const BOOL = 1;
const INT = 2;
const UINT = 3;
const FLOAT = 4;
const BYTES = 5;
const STRING = 6;

export class GobError extends Error {
  override name = 'GobError';
}

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** An unsigned integer: one byte below 128, else the negated count of big-endian bytes that follow. */
  uint(): bigint {
    const first = this.byte();
    if (first < 0x80) return BigInt(first);
    const count = 0x100 - first;
    if (count > 8) throw new GobError('malformed gob: integer longer than 8 bytes');
    let value = 0n;
    for (let i = 0; i < count; i++) value = (value << 8n) | BigInt(this.byte());
    return value;
  }

  /** A signed integer: its unsigned form's lowest bit says whether the rest is complemented. */
  int(): bigint {
    const u = this.uint();
    return u & 1n ? ~(u >> 1n) : u >> 1n;
  }

  /** A length or count, which must fit what is left. */
  count(): number {
    const n = this.uint();
    if (n > BigInt(this.bytes.length - this.offset) && n > 1_000_000n) throw new GobError('malformed gob: count past the end');
    return Number(n);
  }

  take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new GobError('malformed gob: truncated');
    const taken = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return taken;
  }

  private byte(): number {
    if (this.offset >= this.bytes.length) throw new GobError('malformed gob: truncated');
    return this.bytes[this.offset++]!;
  }
}

/** A small integer as a number, a larger one as a bigint (nanoseconds, sizes past 2^53). */
const narrow = (n: bigint): number | bigint =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;

/** Decodes every value of a gob stream, in order; its type definitions are read as they come. */
export function decodeGob(bytes: Buffer): GobValue[] {
  const types = new Map<number, TypeDef>();
  const values: GobValue[] = [];
  const stream = new Reader(bytes);
  while (!stream.done) {
    const message = new Reader(stream.take(stream.count()));
    const id = Number(message.int());
    if (id < 0) {
      types.set(-id, readWireType(message));
      continue;
    }
    const type = types.get(id);
    // A value not of a struct type comes after a zero "field delta".
    if (type?.kind !== 'struct' && Number(message.uint()) !== 0) throw new GobError('malformed gob: bad singleton value');
    values.push(readValue(message, id, types));
  }
  return values;
}

/** A type definition (gob's wireType): which of its fields is set says what kind of type it is. */
function readWireType(r: Reader): TypeDef {
  let def: TypeDef | undefined;
  readStruct(r, (kind, reader) => {
    // Each kind's struct has CommonType (Name, Id) first, then its own fields: element and key type ids, or a
    // struct's fields (Name, Id each).
    const parts = readStruct(reader, (index, rr) => {
      if (index === 0) return readStruct(rr, (i, c) => (i === 0 ? c.take(c.count()).toString() : Number(c.int())));
      if (kind !== 2) return Number(rr.int());
      const fields: Array<{ name: string; id: number }> = [];
      for (let n = rr.count(); n > 0; n--) {
        const f = readStruct(rr, (i, c) => (i === 0 ? c.take(c.count()).toString() : Number(c.int())));
        fields.push({ name: String(f[0] ?? ''), id: Number(f[1] ?? 0) });
      }
      return fields;
    });
    const common = (parts[0] ?? []) as unknown[];
    if (kind === 0) def = { kind: 'array', elem: Number(parts[1] ?? 0) };
    else if (kind === 1) def = { kind: 'slice', elem: Number(parts[1] ?? 0) };
    else if (kind === 2)
      def = { kind: 'struct', name: String(common[0] ?? ''), fields: (parts[1] ?? []) as Array<{ name: string; id: number }> };
    else if (kind === 3) def = { kind: 'map', key: Number(parts[1] ?? 0), elem: Number(parts[2] ?? 0) };
    else def = { kind: 'opaque' };
    return undefined;
  });
  if (!def) throw new GobError('malformed gob: empty type definition');
  return def;
}

/** A struct's fields as they come (index by delta, ended by a zero delta), each read by `field`. */
function readStruct(r: Reader, field: (index: number, reader: Reader) => unknown): unknown[] {
  const parts: unknown[] = [];
  for (let index = -1; ; ) {
    const delta = Number(r.uint());
    if (delta === 0) return parts;
    index += delta;
    parts[index] = field(index, r);
  }
}

function readValue(r: Reader, id: number, types: Map<number, TypeDef>): GobValue {
  switch (id) {
    case BOOL:
      return r.uint() !== 0n;
    case INT:
      return narrow(r.int());
    case UINT:
      return narrow(r.uint());
    case FLOAT: {
      // The float64's bits, byte-reversed, as an unsigned integer.
      const bits = r.uint();
      const buffer = Buffer.alloc(8);
      buffer.writeBigUInt64LE(bits);
      return buffer.readDoubleBE(0);
    }
    case BYTES:
      return Buffer.from(r.take(r.count()));
    case STRING:
      return r.take(r.count()).toString();
  }
  const type = types.get(id);
  if (!type) throw new GobError(`gob: type ${id} is not supported here`);
  switch (type.kind) {
    case 'struct': {
      const value: { [field: string]: GobValue } = {};
      readStruct(r, (index, reader) => {
        const field = type.fields[index];
        if (!field) throw new GobError(`malformed gob: ${type.name} has no field ${index}`);
        value[field.name] = readValue(reader, field.id, types);
        return undefined;
      });
      return value;
    }
    case 'slice':
    case 'array': {
      const items: GobValue[] = [];
      for (let n = r.count(); n > 0; n--) items.push(readValue(r, type.elem, types));
      return items;
    }
    case 'map': {
      const map = new Map<GobValue, GobValue>();
      for (let n = r.count(); n > 0; n--) map.set(readValue(r, type.key, types), readValue(r, type.elem, types));
      return map;
    }
    case 'opaque':
      return Buffer.from(r.take(r.count()));
  }
}
