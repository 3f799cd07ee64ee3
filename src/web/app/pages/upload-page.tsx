// The home page: choose files and options, create the upload, then follow its progress on the share page.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { sharePagePath } from '../api/links';
import type { PlikUpload, UserStats } from '../api/types';
import { FilePicker } from '../components/file-picker';
import { UploadOptionsForm } from '../components/upload-options';
import { Alert, Link, useTitle } from '../components/ui';
import { uploadFeatures } from '../features';
import { formatSize } from '../format';
import { navigate } from '../router';
import { config, user } from '../state/session';
import { rememberUpload } from '../state/owned-uploads';
import { sendFiles } from '../state/transfers';
import { initialOptions, problemsWith, uploadBody, type UploadOptions } from '../upload-request';

interface Queued {
  key: number;
  file: File;
}

let nextKey = 0;

export function UploadPage() {
  useTitle('');
  const serverConfig = config.value!;
  const signedIn = user.value;
  const features = useMemo(() => uploadFeatures(serverConfig, signedIn), [serverConfig, signedIn]);
  const [queued, setQueued] = useState<Queued[]>([]);
  const [options, setOptions] = useState<UploadOptions>(() => initialOptions(features));
  const [usedBytes, setUsedBytes] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    if (signedIn && features.quota > 0)
      api<UserStats>('me/stats').then(
        (stats) => setUsedBytes(stats.totalSize),
        () => undefined,
      );
  }, [signedIn, features.quota]);

  const addFiles = useCallback((files: File[]) => {
    setQueued((current) => [...current, ...files.map((file) => ({ key: nextKey++, file }))]);
  }, []);
  const files = queued.map((q) => q.file);
  const problems = problemsWith(files, options, features, usedBytes);
  // "Add at least one file" is only worth saying once the user tried to send nothing.
  const shownProblems = tried ? problems : problems.filter((problem) => files.length > 0 || !problem.startsWith('Add at least'));

  if (serverConfig.feature_authentication === 'forced' && !signedIn) {
    return (
      <section>
        <h1 tabIndex={-1}>Share files</h1>
        <Alert kind="info">
          This server only accepts uploads from signed-in users. <Link to="/login?next=/">Sign in</Link> to upload.
        </Alert>
      </section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    setError('');
    if (problems.length > 0) return;
    setBusy(true);
    try {
      const upload = await api<PlikUpload>('upload', { method: 'POST', body: uploadBody(options, features, files) });
      rememberUpload(upload);
      sendFiles(upload, files);
      navigate(sharePagePath(upload.id, upload.downloadKey));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const total = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <form class="upload-page" onSubmit={submit} noValidate>
      <h1 tabIndex={-1}>Share files</h1>
      <FilePicker onFiles={addFiles} allowText={features.text} />

      {queued.length > 0 && (
        <section aria-labelledby="queued-title">
          <h2 id="queued-title">
            {queued.length} {queued.length === 1 ? 'file' : 'files'}, {formatSize(total)}
          </h2>
          <ul class="queue">
            {queued.map(({ key, file }) => (
              <li key={key} class={features.maxFileSize > 0 && file.size > features.maxFileSize ? 'too-large' : ''}>
                <span class="file-name">{file.name}</span>
                <span class="file-meta">
                  {formatSize(file.size)}
                  {file.type ? ` · ${file.type}` : ''}
                </span>
                <button
                  type="button"
                  class="button small"
                  aria-label={`Remove ${file.name} from the list`}
                  onClick={() => setQueued((current) => current.filter((q) => q.key !== key))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <UploadOptionsForm
        features={features}
        options={options}
        onChange={(change) => setOptions((current) => ({ ...current, ...change }))}
      />

      {shownProblems.length > 0 && (
        <Alert>
          <ul class="problems">
            {shownProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      {error && <Alert>Upload failed: {error}</Alert>}
      <div class="actions">
        <button type="submit" class="button primary large" disabled={busy || shownProblems.length > 0}>
          {busy ? 'Creating the upload…' : 'Upload'}
        </button>
        {features.maxFileSize > 0 && <span class="hint">Up to {formatSize(features.maxFileSize)} per file.</span>}
      </div>
    </form>
  );
}
