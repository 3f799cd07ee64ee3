// What a file name may be, as a pure rule: it ends up in URLs, headers, zip entries and on people's disks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFileName, MAX_FILE_NAME_LENGTH } from '../../src/domain/file-names.js';

describe('a file name', () => {
  it('is kept as given when it is plain, in any script', () => {
    for (const name of [
      'report.pdf',
      'my file (1).txt',
      'фото.jpg',
      '写真.png',
      'photos／2024／a.jpg',
      '.hidden',
      'a'.repeat(MAX_FILE_NAME_LENGTH),
    ]) {
      expect(checkFileName(name)).toBe(name);
    }
  });

  it('is refused when missing, too long, a path, a control character, a bidi control, or a dot name', () => {
    const refusals: [string | undefined, string][] = [
      [undefined, 'missing file name'],
      ['', 'missing file name'],
      ['a'.repeat(MAX_FILE_NAME_LENGTH + 1), 'is too long'],
      ['../etc/passwd', 'no path separators'],
      ['dir\\file', 'no path separators'],
      ['line\nbreak', 'control characters'],
      ['nul\u0000', 'control characters'],
      ['inv\u202efdp.exe', 'bidirectional control'],
      ['.', 'invalid file name'],
      ['..', 'invalid file name'],
    ];
    for (const [name, message] of refusals) expect(() => checkFileName(name), JSON.stringify(name)).toThrow(message);
  });

  it('never lets through a separator or a control character, whatever else the name holds', () => {
    const unsafe = fc.constantFrom('/', '\\', '\u0000', '\u001f', '\u007f', '\u202e');
    fc.assert(
      fc.property(fc.string(), unsafe, fc.string(), (before, bad, after) => {
        expect(() => checkFileName(`${before}${bad}${after}`)).toThrow();
      }),
    );
  });
});
