// The account page's file requests: make one (title, message, a few limits, password, the sender's name), and the
// list of one's requests with their link, QR code, what they received, and closing or deleting them.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { FileRequest } from '../api/types';
import { Alert, CopyButton, Field, QrButton } from './ui';

const strings = {
  heading: 'File requests',
  intro: 'Ask others for files: anyone with the link can send you files, which land in your uploads.',
  title: 'Title',
  message: 'Message to the senders',
  maxFiles: 'At most this many files (0: no limit)',
  password: 'Password (optional)',
  askName: 'Ask for the sender’s name',
  once: 'One sender only',
  create: 'Make the request',
  none: 'You have made no file request yet.',
  open: 'open',
  closed: 'closed',
  files: (n: number) => `${n} file${n === 1 ? '' : 's'}`,
  close: 'Close',
  remove: 'Delete',
  confirmDelete: (title: string) => `Delete the request “${title}” and the files it received?`,
};

export function FileRequestsPanel() {
  const [requests, setRequests] = useState<FileRequest[]>();
  const [problem, setProblem] = useState('');
  const reload = () => api<FileRequest[]>('me/requests').then(setRequests, (err) => setProblem(messageOf(err)));
  useEffect(() => void reload(), []);
  const act = (run: Promise<unknown>) => run.then(reload, (err) => setProblem(messageOf(err)));

  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">{strings.heading}</h2>
      <p class="hint">{strings.intro}</p>
      {problem && <Alert>{problem}</Alert>}
      <NewRequestForm onMade={() => act(Promise.resolve())} onProblem={setProblem} />
      {requests?.length === 0 && <p>{strings.none}</p>}
      <ul class="request-list">
        {requests?.map((request) => (
          <li key={request.id}>
            <strong>{request.title}</strong> <span class="hint">{request.open ? strings.open : strings.closed}</span>{' '}
            <span>{strings.files(request.filesTaken)}</span> <a href={request.url}>{request.url}</a>{' '}
            <CopyButton text={request.url} what={request.title} /> <QrButton url={request.url} name={request.title} />{' '}
            {request.open && (
              <button type="button" class="button small" onClick={() => act(api(`me/requests/${request.id}/close`, { method: 'POST' }))}>
                {strings.close}
              </button>
            )}{' '}
            <button
              type="button"
              class="button small"
              onClick={() => confirm(strings.confirmDelete(request.title)) && act(api(`me/requests/${request.id}`, { method: 'DELETE' }))}
            >
              {strings.remove}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewRequestForm({ onMade, onProblem }: { onMade: () => void; onProblem: (problem: string) => void }) {
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [maxFiles, setMaxFiles] = useState('0');
  const [password, setPassword] = useState('');
  const [askName, setAskName] = useState(false);
  const [once, setOnce] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    onProblem('');
    try {
      await api('me/requests', {
        method: 'POST',
        body: {
          title,
          message,
          maxFiles: Number(maxFiles) || 0,
          ...(password && { password }),
          nameField: askName ? 'required' : 'hidden',
          reusable: !once,
        },
      });
      setTitle('');
      setMessage('');
      setPassword('');
      onMade();
    } catch (err) {
      onProblem(messageOf(err));
    }
  };
  return (
    <form class="card" onSubmit={submit}>
      <Field id="request-title" label={strings.title} type="text" value={title} onValue={setTitle} required maxLength={255} />
      <Field id="request-message" label={strings.message} type="text" value={message} onValue={setMessage} maxLength={4096} />
      <Field id="request-max-files" label={strings.maxFiles} type="text" value={maxFiles} onValue={setMaxFiles} />
      <Field
        id="request-password"
        label={strings.password}
        type="password"
        value={password}
        onValue={setPassword}
        autocomplete="new-password"
      />
      <label>
        <input type="checkbox" checked={askName} onChange={(event) => setAskName(event.currentTarget.checked)} /> {strings.askName}
      </label>{' '}
      <label>
        <input type="checkbox" checked={once} onChange={(event) => setOnce(event.currentTarget.checked)} /> {strings.once}
      </label>
      <p>
        <button type="submit" class="button primary">
          {strings.create}
        </button>
      </p>
    </form>
  );
}
