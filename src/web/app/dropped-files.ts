// The files a drop holds: a dropped folder is walked (File and Directory Entries API) and each file in it added
// with its path in its name, rather than the folder itself as one empty file.

/**
 * Ferry refuses "/" in a file name (it would pose as a path in a zip or on a disk), so a file's folders are
 * joined by the fullwidth solidus, as rclone does for the same reason: `photos／2024／a.jpg`.
 */
export const PATH_SEPARATOR = '\uff0f';

export function droppedFiles(data: DataTransfer): Promise<File[]> {
  // Taken while the drop event runs: once it returns, the items are emptied.
  const entries = [...data.items].flatMap((item) => {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    return entry ? [entry] : [];
  });
  if (entries.length === 0) return Promise.resolve([...data.files]);
  return filesIn(entries);
}

async function filesIn(entries: FileSystemEntry[]): Promise<File[]> {
  const lists = await Promise.all(entries.map(filesOf));
  return lists.flat();
}

async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    return filesIn(children.sort((a, b) => a.name.localeCompare(b.name)));
  }
  if (!entry.isFile) return [];
  const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
  const name = entry.fullPath.replace(/^\/+/, '').split('/').join(PATH_SEPARATOR);
  // A new File over the same bytes (nothing is copied), named with its path.
  return [name === file.name ? file : new File([file], name, { type: file.type, lastModified: file.lastModified })];
}

/** A folder's entries: readEntries answers a batch at a time (Chromium: 100) until it answers none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
