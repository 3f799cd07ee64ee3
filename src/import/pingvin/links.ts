// Pingvin Share's ids as Ferry's, so that its links lead on: /s/<id> and /share/<id> are redirected to /d?id=<id>
// (routes/pingvin-links.ts), which needs the share's id kept. Ferry's ids are letters and digits; Pingvin's may be
// chosen with '-' and '_', and its file ids and reverse-share tokens are UUIDs: the dashes go, and an id that is still
// no Ferry id gets one derived from it (the same on every run), which the report names.
import { isWellFormedId } from '../../model/ids.js';
import { derivedId } from '../ids.js';

const kept = (what: string, id: string) => (isWellFormedId(id) ? id : derivedId('pingvin', what, id));

export const pingvinShareId = (id: string) => kept('share', id);
export const pingvinFileId = (uuid: string) => kept('file', uuid.replaceAll('-', ''));
/** A reverse share's link /upload/<token> becomes the file request's /r/<token without its dashes>. */
export const pingvinRequestId = (token: string) => kept('request', token.replaceAll('-', ''));
