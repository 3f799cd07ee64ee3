// Responses written in the order their shape declares its fields. fast-json-stringify writes an object's
// required fields first: Plik's upload would send its optional uploadToken, user, token and uploadIp after
// every other field instead of after `files`, where Plik and Ferry always wrote them (and the README shows
// them). The `required` lists are for the types and the API document; the serializer gets the shape without.
import type { FastifyInstance } from 'fastify';
import fastJson, { type Schema } from 'fast-json-stringify';

export function serializeInDeclaredOrder(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => fastJson(withoutRequired(schema) as Schema));
}

/** A copy of a JSON schema without its `required` lists, at every depth (a property's schema is never an array). */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'required' && Array.isArray(value)))
      .map(([key, value]) => [key, withoutRequired(value)]),
  );
}
