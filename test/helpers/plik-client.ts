// A few lines of Plik's API as a client speaks it, so that tests read as scenarios.
import { expect } from 'vitest';

export interface UploadJson {
  id: string;
  uploadToken?: string;
  files: FileJson[];
  [key: string]: unknown;
}

export interface FileJson {
  id: string;
  fileName: string;
  status: string;
  fileSize: number;
  fileType: string;
  fileMd5: string;
  [key: string]: unknown;
}

export async function createUpload(base: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<UploadJson> {
  const response = await fetch(`${base}/upload`, { method: 'POST', body: JSON.stringify(body), headers });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as UploadJson;
}

/** A file a test uploaded, with the bytes it sent, to compare with what comes back. */
export interface UploadedFile {
  upload: UploadJson;
  file: FileJson;
  content: Uint8Array<ArrayBuffer>;
}

export function multipartFile(
  content: string | Uint8Array<ArrayBuffer>,
  fileName: string,
  type = 'application/octet-stream',
  field = 'file',
): FormData {
  const form = new FormData();
  form.append(field, new Blob([content], { type }), fileName);
  return form;
}

export async function addFile(
  base: string,
  upload: UploadJson,
  content: string | Uint8Array<ArrayBuffer>,
  fileName: string,
  type?: string,
): Promise<FileJson> {
  const response = await fetch(`${base}/file/${upload.id}`, {
    method: 'POST',
    headers: { 'X-UploadToken': upload.uploadToken ?? '' },
    body: multipartFile(content, fileName, type),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as FileJson;
}

export const fileUrl = (base: string, upload: { id: string }, file: { id: string; fileName: string }, mode = 'file') =>
  `${base}/${mode}/${upload.id}/${file.id}/${encodeURIComponent(file.fileName)}`;

export const basicAuth = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

/** A multipart body written by hand, so that a file name reaches the server exactly as given (FormData escapes quotes and newlines). */
export function rawMultipart(fileName: string, content = 'data'): { body: string; headers: Record<string, string> } {
  const body = `--b0undary\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n${content}\r\n--b0undary--\r\n`;
  return { body, headers: { 'Content-Type': 'multipart/form-data; boundary=b0undary' } };
}

/** Each answer's status, once its body is read (an unread body would hold its connection). */
export function statusesOf(responses: Response[]): Promise<number[]> {
  return Promise.all(
    responses.map(async (response) => {
      await response.arrayBuffer();
      return response.status;
    }),
  );
}
