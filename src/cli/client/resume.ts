// What `ferry upload` keeps under ~/.ferry/resume/ while its files go through tus, so that the same command run again
// after an interruption (Ctrl-C, a network or server down) goes on with the same upload from the server's offsets.
// Known by a hash of the server, the options and each file's path, size and modification time: a changed file, or
// other options, start a new upload. The upload token stays in the upload's record (records.ts), not here.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { readStateFile, stateDir, writeStateFile } from './state-files.js';

export interface ResumeState {
  uploadId: string;
  /** In the order of the command's files; a file's tus URL once its tus upload is created. */
  files: Array<{ name: string; tusUrl?: string; done?: boolean }>;
}

export interface ResumeKey {
  server: string;
  /** POST /upload's body, credentials left out. */
  options: Record<string, unknown>;
  files: Array<{ path: string; size: number; mtimeMs: number }>;
}

const statePath = (key: ResumeKey) =>
  path.join(stateDir('resume'), `${createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32)}.json`);

export const findResume = (key: ResumeKey) => readStateFile<ResumeState>(statePath(key));

export const saveResume = (key: ResumeKey, state: ResumeState) => writeStateFile(statePath(key), state);

export const removeResume = (key: ResumeKey) => rm(statePath(key), { force: true });
