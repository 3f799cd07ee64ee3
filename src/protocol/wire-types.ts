// Building blocks of the wire shapes. Only TypeBox is imported: the web page takes the types of these shapes
// (type-only imports, no JavaScript), and the server the JSON schemas of the same declarations.
import { Type, type Static, type TSchema } from 'typebox';

/**
 * A value or null, written as a type array rather than TypeBox's anyOf: fast-json-stringify then writes it
 * without trying each branch, and OpenAPI 3.1 reads it as it is.
 */
export const Nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** An ISO 8601 time, as Plik writes its createdAt and expireAt. */
export const IsoTime = Type.String({ format: 'date-time', examples: ['2026-12-01T09:30:00.000Z'] });
