// ConnectionString as Plik's config writes it, turned into the URL the Node drivers take. URLs pass through;
// the Go drivers' DSNs that a plikd.cfg holds become URLs: lib/pq's `host=… dbname=…` and go-sql-driver's
// `user:pass@tcp(host:3306)/db?…`.

/** postgres://… for `pg`, from a URL or lib/pq's space-separated key=value pairs. */
export function postgresUrl(text: string): string {
  if (/^postgres(ql)?:\/\//i.test(text)) return text;
  const url = new URL('postgres://localhost');
  // Values may be single-quoted, with backslash escapes (libpq's rules).
  for (const [, key = '', quoted, bare] of text.matchAll(/(\w+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/g)) {
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (key === 'user') url.username = encodeURIComponent(value);
    else if (key === 'password') url.password = encodeURIComponent(value);
    else if (key === 'host' && !value.startsWith('/')) url.hostname = value;
    else if (key === 'port') url.port = value;
    else if (key === 'dbname') url.pathname = `/${encodeURIComponent(value)}`;
    else url.searchParams.set(key, value); // sslmode, options, a socket folder as host, …
  }
  return url.toString();
}

/** mysql://… for `mysql2`, from a URL or go-sql-driver's `[user[:password]@][tcp(addr)|unix(path)]/dbname[?params]`. */
export function mysqlUrl(text: string): string {
  if (/^mysql:\/\//i.test(text)) return text;
  const slash = text.lastIndexOf('/', text.includes('?') ? text.indexOf('?') : text.length);
  const at = text.lastIndexOf('@', slash);
  const credentials = at >= 0 ? text.slice(0, at) : '';
  const address = text.slice(at + 1, slash);
  const [database = '', query = ''] = text.slice(slash + 1).split(/\?(.*)/s);
  const url = new URL('mysql://127.0.0.1:3306');
  const colon = credentials.indexOf(':');
  url.username = encodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
  if (colon >= 0) url.password = encodeURIComponent(credentials.slice(colon + 1));
  const [, network, addr] = /^(\w+)\((.*)\)$/.exec(address) ?? [];
  if (network === 'unix' && addr) url.searchParams.set('socketPath', addr);
  else if (addr) url.host = addr;
  url.pathname = `/${database}`;
  // Go-only parameters (parseTime, loc, …) mean nothing to mysql2; the character set is worth keeping.
  const charset = new URLSearchParams(query).get('charset');
  if (charset) url.searchParams.set('charset', charset.split(',')[0]!);
  return url.toString();
}
