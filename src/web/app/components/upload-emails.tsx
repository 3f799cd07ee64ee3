// An upload's emails on its page, for its owner: "email me when a file is downloaded", and sending its link.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useActionState } from './action-state';
import { strings } from './notifications-strings';
import { Alert } from './ui';

export function UploadEmails({ uploadId, link }: { uploadId: string; link: string }) {
  const [state, setState] = useState<{ emailOnDownload: boolean; mail: boolean } | null>(null);
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  const { error, notice, setNotice, run } = useActionState();
  const id = useId();
  const path = `me/uploads/${encodeURIComponent(uploadId)}`;

  // Another's upload (an admin looking) answers 404: the section stays hidden.
  useEffect(() => void api<typeof state>(`${path}/notifications`).then(setState, () => setState(null)), [uploadId]);
  if (!state?.mail) return null;

  const toggle = (on: boolean) =>
    void run(async () => setState(await api<typeof state>(`${path}/notifications`, { method: 'PUT', body: { emailOnDownload: on } })));
  const share = (event: Event) => {
    event.preventDefault();
    const addresses = to
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    void run(async () => {
      const { sent } = await api<{ sent: number }>(`${path}/share`, { method: 'POST', body: { to: addresses, message, link } });
      setNotice(strings.shareSent(sent));
      setTo('');
    });
  };

  return (
    <section class="card upload-emails" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{strings.emailsTitle}</h2>
      {error && <Alert>{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      <label class="check">
        <input type="checkbox" checked={state.emailOnDownload} onChange={(e) => toggle(e.currentTarget.checked)} />{' '}
        {strings.emailOnDownload}
      </label>
      <form onSubmit={share}>
        <label for={`${id}-to`}>{strings.shareTo}</label>
        <input id={`${id}-to`} type="text" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        <label for={`${id}-message`}>{strings.shareMessage}</label>
        <textarea id={`${id}-message`} maxLength={2000} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
        <button type="submit" class="button">
          {strings.shareSend}
        </button>
      </form>
    </section>
  );
}
