// Sends one file to an upload with XMLHttpRequest: fetch cannot report upload progress, XHR can.
import { apiUrl } from '../base';
import { baseHeaders, errorFrom, ApiError } from './client';
import type { PlikFile } from './types';

export interface SendingFile {
  done: Promise<PlikFile>;
  abort(): void;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** POST path with the file as multipart "file"; onProgress gets the bytes of the body sent so far, and its total (0: unknown). */
export function sendFile(
  path: string,
  file: File,
  headers: Record<string, string>,
  onProgress: (loaded: number, total: number) => void,
): SendingFile {
  const xhr = new XMLHttpRequest();
  const done = new Promise<PlikFile>((resolve, reject) => {
    xhr.open('POST', apiUrl(path));
    for (const [name, value] of Object.entries({ ...baseHeaders('POST'), ...headers })) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as PlikFile);
      else reject(errorFrom(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'the connection to Ferry broke off'));
    xhr.onabort = () => reject(new Cancelled());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
