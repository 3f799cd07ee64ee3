// ClamdAddress's value: where clamd listens, as its TCPSocket on a host or its LocalSocket's path.

export type ClamdAddress = { host: string; port: number } | { path: string };

/** `tcp://host:port`, or a unix socket's absolute path (also as `unix:///path`); undefined for anything else. */
export function parseClamdAddress(text: string): ClamdAddress | undefined {
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/[\]]+):(\d{1,5})\/?$/i.exec(text);
  if (tcp) {
    const port = Number(tcp[2]);
    return port > 0 && port < 65536 ? { host: tcp[1]!.replace(/^\[(.*)\]$/, '$1'), port } : undefined;
  }
  const path = text.replace(/^unix:\/\//i, '');
  return path.startsWith('/') ? { path } : undefined;
}
