// The home page: choose files and options, create the upload, then follow its progress on the share page.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import { fileApiPath, sharePagePath, sharePageUrl } from '../api/links';
import { createTusFile, type TusOffer, tusFor } from '../api/tus';
import type { PlikUpload, UserStats } from '../api/types';
import { E2eeOption } from '../components/e2ee-option';
import { FilePicker } from '../components/file-picker';
import { UploadOptionsForm } from '../components/upload-options';
import { Alert, Link, Problems, useTitle } from '../components/ui';
import { uploadFeatures } from '../features';
import { createEncryptedFiles, e2eeProblems, secretOf } from '../e2ee/encrypted-upload';
import { scanningStrings } from '../scanning-strings';
import { formatSize } from '../format';
import { navigate, route } from '../router';
import { takeSharedFiles } from '../shared-files';
import { SHARE_QUERY } from '../../sw/share-target';
import { config, user } from '../state/session';
import { t } from '../state/language';
import { forgetUpload, rememberUnfinished, rememberUpload, uploadsWithUnfinished } from '../state/owned-uploads';
import { isActive, type Outgoing, sendFiles, transfersOf, uploadCredentials } from '../state/transfers';
import { initialOptions, problemsWith, uploadBody, type UploadOptions } from '../upload-request';

interface Queued {
  key: number;
  file: File;
}

let nextKey = 0;

/**
 * Creates each file's tus upload, in the order chosen, and keeps it as unfinished until its last byte is in, so
 * that a reload can go on with it. A file Ferry refuses (too large, over quota) fails the whole upload.
 */
async function createTusFiles(offer: TusOffer, upload: PlikUpload, files: File[], credentials: Record<string, string>) {
  const outgoing: Outgoing[] = [];
  for (const blob of files) {
    const { fileId, url } = await createTusFile(offer, upload.id, blob, credentials);
    rememberUnfinished(upload.id, { fileId, name: blob.name, size: blob.size, lastModified: blob.lastModified, tusUrl: url });
    outgoing.push({ fileId, name: blob.name, blob, route: { kind: 'tus', url, chunkSize: offer.chunkSize } });
  }
  return outgoing;
}

function discardUpload(upload: PlikUpload): void {
  forgetUpload(upload.id);
  const headers = uploadCredentials(upload.uploadToken, undefined);
  api(`upload/${encodeURIComponent(upload.id)}`, { method: 'DELETE', headers }).catch(() => undefined);
}

/** The files declared in POST /upload, each sent as one multipart POST to its own path. */
const declaredFiles = (upload: PlikUpload, files: File[]): Outgoing[] =>
  upload.files.flatMap((file, index) => {
    const blob = files[index];
    return blob
      ? [{ fileId: file.id, name: file.fileName, blob, route: { kind: 'multipart' as const, path: fileApiPath(upload, file) } }]
      : [];
  });

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
  const form = useRef<HTMLFormElement>(null);
  // Files shared from another app (Web Share Target): sent at once, as "Share → Ferry" promises, the link copied.
  const shareId = route.value.query.get(SHARE_QUERY);
  const [sharedReady, setSharedReady] = useState(false);

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
  const mayUpload = serverConfig.feature_authentication !== 'forced' || signedIn !== null;
  useEffect(() => {
    if (!shareId || !mayUpload) return;
    takeSharedFiles(shareId).then(
      (shared) => {
        if (shared.length === 0) return;
        addFiles(shared);
        setSharedReady(true);
      },
      (err) => setError(messageOf(err)),
    );
  }, [shareId, mayUpload, addFiles]);
  useEffect(() => {
    if (!sharedReady) return;
    setSharedReady(false);
    form.current?.requestSubmit();
  }, [sharedReady]);

  const files = queued.map((q) => q.file);
  const encrypting = features.e2ee.shown && options.e2ee;
  const tus = tusFor(serverConfig, features.stream.shown && options.stream, files);
  const problems = [...problemsWith(files, options, features, usedBytes), ...e2eeProblems(options, features, tus !== undefined)];
  // "Add at least one file" is only worth saying once the user tried to send nothing.
  const shownProblems = tried ? problems : problems.filter((problem) => problem !== t().addAtLeastOneFile);

  if (!mayUpload) {
    return (
      <section>
        <h1 tabIndex={-1}>{t().shareFiles}</h1>
        <Alert kind="info">
          {t().uploadsNeedSignIn} <Link to="/login?next=/">{t().signInToUpload}</Link>
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
    let upload: PlikUpload | undefined;
    try {
      // Made before the upload: a passphrase's or a new key's, the files are encrypted with it as they go.
      const secret = encrypting ? await secretOf(options) : undefined;
      upload = await api<PlikUpload>('upload', { method: 'POST', body: uploadBody(options, features, tus ? [] : files) });
      rememberUpload(upload);
      const credentials = uploadCredentials(upload.uploadToken, upload.downloadKey);
      const outgoing =
        tus && secret
          ? await createEncryptedFiles(tus, upload, files, credentials, secret)
          : tus
            ? await createTusFiles(tus, upload, files, credentials)
            : declaredFiles(upload, files);
      sendFiles(upload.id, credentials, outgoing);
      // A random key goes in the share link's fragment, which the browser never sends to Ferry.
      const identity = secret?.kind === 'identity' ? secret.identity : undefined;
      // Copying needs no click in Chromium once the page has the focus; where it is refused, the share page's button is there.
      if (shareId) navigator.clipboard?.writeText(sharePageUrl(upload.id, upload.downloadKey, identity)).catch(() => undefined);
      navigate(sharePagePath(upload.id, upload.downloadKey, identity));
    } catch (err) {
      // An upload whose files could not all be created would be half made: it goes.
      if (upload) discardUpload(upload);
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const total = files.reduce((sum, file) => sum + file.size, 0);
  const changeOptions = (change: Partial<UploadOptions>) => setOptions((current) => ({ ...current, ...change }));
  return (
    <form ref={form} class="upload-page" onSubmit={submit} noValidate>
      <h1 tabIndex={-1}>{t().shareFiles}</h1>
      <UnfinishedUploads />
      <FilePicker onFiles={addFiles} allowText={features.text} />

      {queued.length > 0 && (
        <section aria-labelledby="queued-title">
          <h2 id="queued-title">{t().filesAndSize(t().files(queued.length), formatSize(total))}</h2>
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
                  aria-label={t().removeFromList(file.name)}
                  onClick={() => setQueued((current) => current.filter((q) => q.key !== key))}
                >
                  {t().remove}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <E2eeOption features={features} options={options} onChange={changeOptions} />
      <UploadOptionsForm features={features} options={options} onChange={changeOptions} />

      <Problems problems={shownProblems} />
      {error && <Alert>{t().uploadFailed(error)}</Alert>}
      <div class="actions">
        <button type="submit" class="button primary large" disabled={busy || shownProblems.length > 0}>
          {busy ? t().creatingUpload : t().uploadButton}
        </button>
        {features.maxFileSize > 0 && <span class="hint">{t().upToPerFile(formatSize(features.maxFileSize))}</span>}
        {serverConfig.clamd.enabled && <span class="hint">{scanningStrings.scanned}</span>}
      </div>
    </form>
  );
}

/** Uploads made here whose files stopped midway (a closed tab, a crash): a link to each, where they can go on. */
function UnfinishedUploads() {
  const stopped = uploadsWithUnfinished().filter(({ uploadId }) => !transfersOf(uploadId).some(isActive));
  if (stopped.length === 0) return null;
  return (
    <Alert kind="info">
      <ul class="problems">
        {stopped.map(({ uploadId, linkSecret, files }) => (
          <li key={uploadId}>
            {files.length === 1 ? t().didNotFinishOne(files[0]!.name) : t().didNotFinishMany(files.length)}{' '}
            <Link to={sharePagePath(uploadId, linkSecret)}>{files.length === 1 ? t().goOnWithIt : t().goOnWithThem}</Link>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
