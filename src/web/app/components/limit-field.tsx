// A user's limit (largest file, quota, longest lifetime) as three plain choices: the server's default, no limit, or
// a value. On the wire they are Plik's: 0 the server's default, -1 none, a positive number the limit.
import { useId } from 'preact/hooks';

export type LimitChoice = 'default' | 'unlimited' | 'value';

export interface LimitInput {
  choice: LimitChoice;
  /** The value as typed, e.g. "2GB" or "30d"; read only when the choice is 'value'. */
  text: string;
}

/** A stored limit as the control shows it; `toText` spells a positive value so that parsing reads it back. */
export function limitInput(value: number, toText: (value: number) => string): LimitInput {
  if (value === 0) return { choice: 'default', text: '' };
  if (value < 0) return { choice: 'unlimited', text: '' };
  return { choice: 'value', text: toText(value) };
}

/** Plik's wire value of the input; undefined when the value cannot be read or is not more than 0. */
export function limitValue(input: LimitInput, parse: (text: string) => number | undefined): number | undefined {
  if (input.choice === 'default') return 0;
  if (input.choice === 'unlimited') return -1;
  const value = parse(input.text);
  return value !== undefined && value > 0 ? value : undefined;
}

/** What a limit comes to: the user's own, else the server's (0), none when negative. */
export function limitText(own: number, server: number, format: (value: number) => string): string {
  const value = own !== 0 ? own : server;
  return value > 0 ? format(value) : 'no limit';
}

interface Props {
  label: string;
  input: LimitInput;
  /** The server's own limit, shown beside "Server default". */
  server: number;
  format: (value: number) => string;
  /** An example value, e.g. "2GB". */
  example: string;
  onChange: (input: LimitInput) => void;
}

export function LimitField({ label, input, server, format, example, onChange }: Props) {
  const id = useId();
  return (
    <div class="field limit-field">
      <label for={`${id}-choice`}>{label}</label>
      <select
        id={`${id}-choice`}
        value={input.choice}
        onChange={(event) => onChange({ ...input, choice: event.currentTarget.value as LimitChoice })}
      >
        <option value="default">Server default ({limitText(0, server, format)})</option>
        <option value="unlimited">Unlimited</option>
        <option value="value">A limit of…</option>
      </select>
      {input.choice === 'value' && (
        <input
          type="text"
          aria-label={`${label}: limit`}
          aria-describedby={`${id}-hint`}
          required
          value={input.text}
          placeholder={example}
          onInput={(event) => onChange({ ...input, text: event.currentTarget.value })}
        />
      )}
      {input.choice === 'value' && (
        <p class="hint" id={`${id}-hint`}>
          e.g. {example}
        </p>
      )}
    </div>
  );
}
