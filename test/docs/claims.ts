// What a document claims a command prints, as a pattern for its whole output. In a claim, `…` stands for any text
// and `$NAME` for a value the output hands over (no white space, no quotes), which later commands read as $NAME:
// `# → {"id":"$ID",…}` checks the answer and gives the next commands its id.

/** `…` or a capture: an upper-case shell variable name after `$`. */
const WILDCARD = /…|\$([A-Z_][A-Z0-9_]*)/g;

const literally = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** The captured values by name when `output` is what `claim` says, else undefined. */
export function matchClaim(claim: string, output: string): Record<string, string> | undefined {
  const named = new Set<string>();
  let pattern = '';
  let last = 0;
  for (const wildcard of claim.matchAll(WILDCARD)) {
    pattern += literally(claim.slice(last, wildcard.index));
    const name = wildcard[1];
    // A name seen before must hold the same value again.
    pattern += name === undefined ? '[\\s\\S]*?' : named.has(name) ? `\\k<${name}>` : `(?<${name}>[^\\s"']+?)`;
    if (name) named.add(name);
    last = wildcard.index + wildcard[0].length;
  }
  pattern += literally(claim.slice(last));
  const match = new RegExp(`^${pattern}$`).exec(output.trimEnd());
  return match ? { ...match.groups } : undefined;
}
