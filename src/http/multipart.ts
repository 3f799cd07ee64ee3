// Finds the multipart part named "file" (Plik's field) without buffering it.
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../domain/errors.js';

export async function fileFromMultipart(request: FastifyRequest): Promise<MultipartFile> {
  if (!request.isMultipart()) {
    throw badRequest("invalid multipart form : request Content-Type isn't multipart/form-data");
  }
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname === 'file') return part;
    // A file under another field name is not ours; it must still be read through to reach the next part.
    part.file.resume();
  }
  throw badRequest('missing file from multipart form');
}
