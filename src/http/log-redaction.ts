// A link-encryption secret travels in the query string as `key`: request log lines show the URL without it.
// Fastify decodes parameter names (`?%6Bey=` is `key` to the routes), so names are decoded before they are matched.

export function withoutLinkKey(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const pairs = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0]!;
      return decoded(name) === 'key' ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, query)}?${pairs.join('&')}`;
}

function decoded(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
