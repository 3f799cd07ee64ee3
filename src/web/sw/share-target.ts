// The Web Share Target between the service worker that takes a share and the upload page that sends it: the worker
// leaves the files in a Cache Storage cache, one entry per file under share/<id>/<n>, its name in a header, and
// opens the upload page with ?share=<id>. (The manifest that declares the target: http/routes/pwa.ts.)
export const SHARE_CACHE = 'ferry-shared-files';
export const SHARE_QUERY = 'share';
/** The file's name, percent-encoded: header values are Latin-1 only. */
export const NAME_HEADER = 'X-Ferry-File-Name';
