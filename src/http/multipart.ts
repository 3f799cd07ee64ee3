// Multipart forms: accepting them on a route plugin, and finding the part named "file" (Plik's field) without
// buffering it.
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, FerryError } from '../model/errors.js';
import { holdsNul, nulRefusal } from './no-nul.js';

/** Lets the plugin's routes read multipart bodies as streams. */
export async function acceptMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    // Size is bounded by the domain while streaming (it knows per-upload limits); busboy only bounds the form's shape.
    limits: { fileSize: Infinity, files: 16, parts: 64, fields: 32, fieldSize: 64 * 1024, headerPairs: 64 },
  });
}

export function requireMultipart(request: FastifyRequest): void {
  if (!request.isMultipart()) {
    throw badRequest("invalid multipart form : request Content-Type isn't multipart/form-data");
  }
}

/**
 * The form's parts, as request.parts() gives them. The parser's own errors (no boundary, a malformed part header, a
 * form cut short) are plain Errors, yet the form is the client's: they are answered as bad requests. What the caller
 * does with a part, and its errors, stays the caller's.
 */
export async function* partsOf(request: FastifyRequest): AsyncGenerator<Multipart> {
  requireMultipart(request);
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file' && holdsNul(part.filename)) throw nulRefusal('file name');
      if (holdsNul(part.fieldname) || (part.type === 'field' && holdsNul(part.value))) throw nulRefusal('multipart form');
      yield part;
    }
  } catch (err) {
    if (err instanceof FerryError || typeof (err as FastifyError).statusCode === 'number') throw err;
    throw badRequest(`invalid multipart form : ${(err as Error).message}`);
  }
}

export async function fileFromMultipart(request: FastifyRequest): Promise<MultipartFile> {
  for await (const part of partsOf(request)) {
    if (part.type !== 'file') continue;
    if (part.fieldname === 'file') return part;
    // A file under another field name is not ours; it must still be read through to reach the next part.
    part.file.resume();
  }
  throw badRequest('missing file from multipart form');
}
