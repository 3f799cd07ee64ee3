// The shell blocks of a Markdown document that the doc test runs, split into commands and the output the text
// claims for each. A block is runnable when an HTML comment `<!-- doc-test -->` comes right before it: GitHub shows
// neither the comment nor anything in it, so it can also hold hidden setup commands (`<!-- doc-test` lines `-->`)
// for what the text assumes the reader already has: an account, a file to send.
import { marked } from 'marked';

export interface Command {
  /** What bash runs: one line, or several joined by trailing backslashes. */
  text: string;
  /** Its first line in the document. */
  line: number;
  /** The output the document shows for it (`# → …`), one line per claim line; none when it shows none. */
  claim?: string;
}

export interface RunnableBlock {
  /** The line of its opening fence. */
  line: number;
  /** The commands hidden in its marker, run first. */
  setup: Command[];
  commands: Command[];
}

const MARKER = /^<!--\s*doc-test\b([\s\S]*?)-->\s*$/;
const SHELLS = ['sh', 'bash', 'shell'];
/** A claim on a command's own last line, after its command. */
const TRAILING_CLAIM = /\s#\s→\s?(.*)$/;
/** A claim on a line of its own, about the command before it. */
const CLAIM_LINE = /^\s*#\s→\s?(.*)$/;

/** The runnable blocks of `markdown` in document order; a marker that marks no shell block is an error. */
export function runnableBlocks(markdown: string): RunnableBlock[] {
  const blocks: RunnableBlock[] = [];
  let line = 1;
  let marker: { line: number; setup: Command[] } | undefined;
  // The top-level tokens' raw texts put together are the document, so counting their lines places each token.
  for (const token of marked.lexer(markdown)) {
    const setup = token.type === 'html' ? MARKER.exec(token.raw.trim()) : null;
    if (marker && token.type !== 'space' && token.type !== 'code')
      throw new Error(`line ${marker.line}: a doc-test marker must come right before a shell block`);
    if (setup) {
      marker = { line, setup: commandsOf(setup[1]!, line) };
    } else if (token.type === 'code' && marker) {
      if (!SHELLS.includes(token.lang?.split(/\s/)[0] ?? ''))
        throw new Error(`line ${line}: a doc-test block must be ${SHELLS.join(', ')}, not "${token.lang ?? ''}"`);
      blocks.push({ line, setup: marker.setup, commands: commandsOf(token.text, line + 1) });
      marker = undefined;
    }
    line += token.raw.split('\n').length - 1;
  }
  if (marker) throw new Error(`line ${marker.line}: a doc-test marker must come right before a shell block`);
  // A marker inside a list or a quote is not a top-level token: it would pass unseen. (Text may name the marker.)
  const markers = markdown.match(/^[\s>]*<!--\s*doc-test\b/gm)?.length ?? 0;
  if (markers !== blocks.length) throw new Error(`${markers} doc-test markers, but ${blocks.length} at the top level before a shell block`);
  return blocks;
}

/** The commands of a script whose first line is the document's line `firstLine`; comment lines are left out. */
export function commandsOf(script: string, firstLine: number): Command[] {
  const lines = script.split('\n');
  const commands: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const claimLine = CLAIM_LINE.exec(lines[i]!);
    if (claimLine) {
      const command = commands.at(-1);
      if (!command) throw new Error(`line ${firstLine + i}: a claim (# →) with no command before it`);
      command.claim = command.claim === undefined ? claimLine[1]!.trim() : `${command.claim}\n${claimLine[1]!.trim()}`;
      continue;
    }
    if (/^\s*(#|$)/.test(lines[i]!)) continue;
    const start = i;
    while (lines[i]!.endsWith('\\') && i + 1 < lines.length) i++;
    const trailing = TRAILING_CLAIM.exec(lines[i]!);
    commands.push({ text: lines.slice(start, i + 1).join('\n'), line: firstLine + start, ...(trailing && { claim: trailing[1]!.trim() }) });
  }
  return commands;
}
