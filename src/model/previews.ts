// The kinds of preview a file can have in the web page: how it is shown before anyone downloads it.

/** image: an <img>; video, audio: players; pdf: the browser's viewer in a frame; text, markdown, json: their first bytes as text. */
export const PREVIEW_KINDS = ['image', 'video', 'audio', 'pdf', 'text', 'markdown', 'json'] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

/** Of a text, markdown or JSON file, the preview has this many bytes at most: the start of the file. */
export const PREVIEW_TEXT_BYTES = 256 * 1024;
