// A message around a value that the page marks up itself (a <strong>, a <time>): its text before and after it.

const MARK = '\u0000';

export function around(message: (value: string) => string): [before: string, after: string] {
  const [before = '', after = ''] = message(MARK).split(MARK);
  return [before, after];
}
