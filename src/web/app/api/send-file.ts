// Sends one file to an upload with XMLHttpRequest: fetch cannot report upload progress, XHR can.
import { apiUrl } from '../base';
import { baseHeaders, errorFrom, ApiError } from './client';

export interface SendingFile {
  done: Promise<void>;
  abort(): void;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** POST path with the file as multipart "file"; onProgress gets the bytes of the file sent so far. */
export function sendFile(path: string, file: File, headers: Record<string, string>, onProgress: (sent: number) => void): SendingFile {
  return sendForm(path, {}, [file], headers, onProgress);
}

/**
 * POST path with the text fields, then each file as a multipart "file", in one request; onProgress gets the bytes
 * of the files sent so far.
 */
export function sendForm(
  path: string,
  fields: Record<string, string>,
  files: File[],
  headers: Record<string, string>,
  onProgress: (sent: number) => void,
): SendingFile {
  const xhr = new XMLHttpRequest();
  const size = files.reduce((sum, file) => sum + file.size, 0);
  const done = new Promise<void>((resolve, reject) => {
    xhr.open('POST', apiUrl(path));
    for (const [name, value] of Object.entries({ ...baseHeaders('POST'), ...headers })) xhr.setRequestHeader(name, value);
    // XHR counts the whole multipart body: its overhead (mostly the parts' headers, before the bytes) is not the files'.
    xhr.upload.onprogress = ({ loaded, total, lengthComputable }) =>
      onProgress(Math.max(0, Math.min(size, lengthComputable ? loaded - (total - size) : loaded)));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'the connection to Ferry broke off'));
    xhr.onabort = () => reject(new Cancelled());
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
