// Small shared pieces: links between pages, alerts, copy and QR buttons, pagers, page titles.
import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { qrCodeUrl } from '../api/links';
import { navigate, pageUrl } from '../router';
import { t } from '../state/language';
import { branding } from '../state/session';

/** A link to one of the app's pages, followed without reloading. */
interface LinkProps {
  to: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
  'aria-label'?: string;
}

export function Link({ to, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={pageUrl(to)} onClick={onClick}>
      {children}
    </a>
  );
}

export function useTitle(title: string): void {
  useEffect(() => {
    const { name } = branding.value;
    document.title = title ? `${title} · ${name}` : name;
  }, [title]);
}

/** An error is announced at once (role=alert); other news politely (role=status). */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** Things to fix, one sentence each, announced as an error; nothing when there are none. */
export function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert>
      <ul class="problems">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </Alert>
  );
}

export function Loading({ what = t().loading }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}

/** Copies text to the clipboard and says so to screen readers too. */
/** `what` names the copied thing for screen readers, after the visible label: "Copy link" to notes.txt. */
/** `label` stands in for "Copy link" when what is copied is no link (then with no `what`). */
export function CopyButton({ text, label, what }: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" class="button small" onClick={copy} aria-label={state === 'idle' && what ? t().copyLinkTo(what) : undefined}>
      <span aria-live="polite">{state === 'copied' ? t().copied : state === 'failed' ? t().copyFailed : (label ?? t().copyLink)}</span>
    </button>
  );
}

/** A button that shows the QR code of a URL (a PNG drawn by Ferry's /qrcode). */
export function QrButton({ url, name }: { url: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="button small" aria-expanded={open} aria-label={t().qrCodeOf(name)} onClick={() => setOpen(!open)}>
        {t().qrCode}
      </button>
      {open && <img class="qrcode" src={qrCodeUrl(url)} width={240} height={240} alt={t().qrCodeImage(name)} />}
    </>
  );
}

interface FieldProps {
  id: string;
  label: string;
  type: 'text' | 'email' | 'password';
  value: string;
  /** Called with what is typed. */
  onValue: (value: string) => void;
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
}

/** A labelled text input of a form (its label is tied to it for screen readers). */
export function Field({ id, label, onValue, ...input }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* Preact types each input type on its own; text, email and password take the same attributes. */}
      <input id={id} {...(input as InputHTMLAttributes)} onInput={(event) => onValue(event.currentTarget.value)} />
    </div>
  );
}

/** The password someone has: the sign-in form's, and a protected upload's. */
export function CurrentPasswordField({ id, value, onValue }: Pick<FieldProps, 'id' | 'value' | 'onValue'>) {
  return <Field id={id} label={t().password} type="password" autocomplete="current-password" required value={value} onValue={onValue} />;
}
