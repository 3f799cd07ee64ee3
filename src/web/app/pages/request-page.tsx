// /r?id=: a file request's page (its link /r/<id> leads here), where anyone who holds the link sends files to its
// owner: drop or choose them, give what the request asks (name, email, password), watch them go.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { sendForm } from '../api/send-file';
import type { PublicFileRequest } from '../api/types';
import { FilePicker } from '../components/file-picker';
import { Alert, CurrentPasswordField, Field, Loading, useTitle } from '../components/ui';
import { formatDate, formatSize } from '../format';
import { t } from '../state/language';
import { route } from '../router';

export function RequestPage() {
  const id = route.value.query.get('id') ?? '';
  const [request, setRequest] = useState<PublicFileRequest>();
  const [problem, setProblem] = useState('');
  useTitle(request?.title ?? t().requestTitle);
  useEffect(() => {
    if (!id) return setProblem(t().requestNoId);
    api<PublicFileRequest>(`request/${encodeURIComponent(id)}`, { credentials: 'omit' }).then(setRequest, (err) =>
      setProblem(messageOf(err)),
    );
  }, [id]);
  if (problem && !request) return <Alert>{problem}</Alert>;
  if (!request) return <Loading what={t().requestLoading} />;
  return <RequestForm request={request} />;
}

function RequestForm({ request }: { request: PublicFileRequest }) {
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState<number>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState('');
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const senderFields = [
    { field: 'nameField', label: t().requestName, id: 'sender-name', type: 'text', autocomplete: 'name', value: name, onValue: setName },
    {
      field: 'emailField',
      label: t().requestEmail,
      id: 'sender-email',
      type: 'email',
      autocomplete: 'email',
      value: email,
      onValue: setEmail,
    },
  ] as const;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (files.length === 0) return setProblem(t().requestNoFiles);
    setProblem('');
    setProgress(0);
    const fields: Record<string, string> = {
      ...(request.nameField !== 'hidden' && name && { name }),
      ...(request.emailField !== 'hidden' && email && { email }),
      ...(request.passwordProtected && { password }),
    };
    // The password goes in the form, not as Basic credentials: a 401 would open the browser's own login dialog.
    const sending = sendForm(`r/${encodeURIComponent(request.id)}`, fields, files, {}, setProgress);
    try {
      await sending.done;
      setSent(files.length);
      setFiles([]);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <section class="request-page">
      <h1 tabIndex={-1}>{request.title}</h1>
      {request.message && <p class="request-message">{request.message}</p>}
      <Limits request={request} />
      {sent !== undefined && <Alert kind="success">{t().requestSent(t().files(sent))}</Alert>}
      {problem && <Alert>{problem}</Alert>}
      <form onSubmit={submit}>
        <FilePicker onFiles={(more) => setFiles([...files, ...more])} allowText={false} />
        {files.length > 0 && (
          <ul class="request-files" aria-label={t().requestChosen}>
            {files.map((file, i) => (
              <li key={`${file.name}-${i}`}>
                {file.name} <span class="hint">{formatSize(file.size)}</span>{' '}
                <button type="button" class="button small" onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                  {t().remove}
                </button>
              </li>
            ))}
          </ul>
        )}
        {senderFields.map(
          ({ field, label, id, type, autocomplete, value, onValue }) =>
            request[field] !== 'hidden' && (
              <Field
                key={id}
                id={id}
                label={label}
                type={type}
                value={value}
                onValue={onValue}
                autocomplete={autocomplete}
                required={request[field] === 'required'}
                maxLength={255}
              />
            ),
        )}
        {request.passwordProtected && <CurrentPasswordField id="request-password" value={password} onValue={setPassword} />}
        {progress !== undefined && (
          <p class="transfer">
            <label for="request-progress">{t().requestProgress}</label>
            <progress id="request-progress" max={total} value={progress} />
          </p>
        )}
        <button type="submit" class="button primary" disabled={progress !== undefined}>
          {progress !== undefined ? t().requestSending : t().requestSend}
        </button>
      </form>
    </section>
  );
}

function Limits({ request }: { request: PublicFileRequest }) {
  const limits = [
    request.maxFiles > 0 && t().requestMaxFiles(request.maxFiles),
    request.maxFileSize > 0 && t().requestMaxFileSize(formatSize(request.maxFileSize)),
    request.maxTotalSize > 0 && t().requestMaxTotalSize(formatSize(request.maxTotalSize)),
    request.allowedTypes.length > 0 && t().requestTypes(request.allowedTypes.join(', ')),
    request.expireAt && t().requestOpenUntil(formatDate(request.expireAt)),
    !request.reusable && t().requestOneTime,
  ].filter((limit): limit is string => typeof limit === 'string');
  if (limits.length === 0) return null;
  return (
    <p class="hint">
      {t().requestLimits}: {limits.join(' · ')}
    </p>
  );
}
