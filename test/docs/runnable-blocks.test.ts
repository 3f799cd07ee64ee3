// How the doc test reads a document: which blocks run, what a claim accepts, and markers it must not pass over.
import { describe, expect, it } from 'vitest';
import { matchClaim } from './claims.js';
import { runnableBlocks } from './runnable-blocks.js';

describe('runnable blocks', () => {
  it('runs the marked shell blocks, with the setup their marker holds and the claims after their commands', () => {
    const markdown = [
      '# Title',
      '',
      '```sh',
      'not marked',
      '```',
      '<!-- doc-test',
      'echo hi > notes.txt',
      '-->',
      '```sh',
      '# a comment is not a command',
      'curl -X POST http://127.0.0.1:8080/upload   # → {"id":"$ID",…}',
      'curl -F "file=@notes.txt" \\',
      '  http://127.0.0.1:8080/',
      '# → http://127.0.0.1:8080/file/…',
      '# → second line',
      '```',
    ].join('\n');
    expect(runnableBlocks(markdown)).toEqual([
      {
        line: 9,
        setup: [{ text: 'echo hi > notes.txt', line: 7 }],
        commands: [
          { text: 'curl -X POST http://127.0.0.1:8080/upload   # → {"id":"$ID",…}', line: 11, claim: '{"id":"$ID",…}' },
          { text: 'curl -F "file=@notes.txt" \\\n  http://127.0.0.1:8080/', line: 12, claim: 'http://127.0.0.1:8080/file/…\nsecond line' },
        ],
      },
    ]);
  });

  it('refuses a marker that marks no shell block, rather than skip it', () => {
    expect(() => runnableBlocks('<!-- doc-test -->\n```toml\nA = 1\n```\n')).toThrow(
      'line 2: a doc-test block must be sh, bash, shell, not "toml"',
    );
    expect(() => runnableBlocks('<!-- doc-test -->\ntext\n\n```sh\nls\n```\n')).toThrow(
      'line 1: a doc-test marker must come right before a shell block',
    );
    expect(() => runnableBlocks('- item\n\n  <!-- doc-test -->\n  ```sh\n  ls\n  ```\n')).toThrow(
      '1 doc-test markers, but 0 at the top level',
    );
    // Text that names the marker is no marker.
    expect(runnableBlocks('Mark a block with `<!-- doc-test -->`.\n')).toEqual([]);
  });
});

describe('claims', () => {
  it('take … for any text and $NAME for a value, the same value wherever the name comes again', () => {
    expect(matchClaim('{"id":"$ID",…,"uploadToken":"$TOKEN",…}', '{"id":"abc","ttl":30,"uploadToken":"t-1","admin":true}\n')).toEqual({
      ID: 'abc',
      TOKEN: 't-1',
    });
    expect(matchClaim('http://h/file/$ID/…/photos.tar.gz', 'http://h/file/u1/f1/photos.tar.gz')).toEqual({ ID: 'u1' });
    expect(matchClaim('$A and $A', 'x and x')).toEqual({ A: 'x' });
    expect(matchClaim('$A and $A', 'x and y')).toBeUndefined();
  });

  it('hold for the whole output, not a part of it, and take other characters literally', () => {
    expect(matchClaim('saved a.tar.gz (…)', 'saved a.tar.gz (132 B)')).toEqual({});
    expect(matchClaim('saved a.tar.gz (…)', 'saved a.tar.gz (132 B)\nand more')).toBeUndefined();
    expect(matchClaim('first…last', 'first\nin between\nlast')).toEqual({});
    expect(matchClaim('saved a.tar.gz', 'saved a.tar.gz (132 B)')).toBeUndefined();
    expect(matchClaim('a.tar.gz', 'a-tar.gz')).toBeUndefined();
    expect(matchClaim('$URL', 'two words')).toBeUndefined();
  });
});
