// /d?id=…: one upload, for whoever has its link. Files with their links, QR codes, comments and time left; the
// uploader (or anyone, when removable) can remove files. Asks for the password of protected uploads.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, basicAuth, messageOf, type RequestOptions } from '../api/client';
import { credentialsFor, DEFAULT_LOGIN, followDownload, forgetCredentials, setCredentials } from '../api/download-auth';
import { ageHeaderUrl, archiveUrl, fileApiPath, fileUrl, linkSecretInPage, sharePageUrl } from '../api/links';
import type { PlikFile, PlikUpload } from '../api/types';
import { DecryptButton } from '../components/decrypt-button';
import { E2eeKey } from '../components/e2ee-key';
import { FilePreview } from '../components/file-preview';
import { PasswordPrompt } from '../components/password-prompt';
import { TransferProgress } from '../components/transfer-progress';
import { UnfinishedFiles } from '../components/unfinished-files';
import { UploadEmails } from '../components/upload-emails';
import { Alert, CopyButton, Link, Loading, QrButton, useTitle } from '../components/ui';
import { loadAge } from '../e2ee/load-age';
import type { EncryptedDownload } from '../e2ee/decrypt-download';
import { type E2eeSecret, identityInPage, plainName } from '../e2ee/secret';
import { inChosenOrder, isAvailable, isLimited, listedFiles, remainingText, statusText } from '../files';
import { expiryText, formatPercent, formatSize } from '../format';
import { renderMarkdown } from '../markdown';
import { route } from '../router';
import { forgetUpload, ownedUpload } from '../state/owned-uploads';
import { user } from '../state/session';
import { t } from '../state/language';
import { canRetry, isActive, retryTransfer, transfers, type Transfer } from '../state/transfers';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; upload: PlikUpload; withSession: boolean }
  | { kind: 'password'; error: string; checking: boolean }
  | { kind: 'missing' }
  | { kind: 'deleted' }
  | { kind: 'error'; message: string };

/** The secret of a link-encrypted upload: in the page's address, or kept since this browser made it. */
const linkSecretOf = (uploadId: string) => linkSecretInPage() ?? ownedUpload(uploadId)?.linkSecret;

/**
 * What this page proves to Ferry about the upload: its upload token if this browser made it, the password if
 * given, the link's secret; and the session only when asked for (see RequestOptions.credentials).
 */
function access(uploadId: string, withSession: boolean): RequestOptions {
  return { headers: accessHeaders(uploadId), credentials: withSession ? 'same-origin' : 'omit' };
}

function accessHeaders(uploadId: string): Record<string, string> {
  const headers = downloadHeaders(uploadId);
  const owned = ownedUpload(uploadId);
  if (owned) headers['X-UploadToken'] = owned.uploadToken;
  const linkSecret = linkSecretOf(uploadId);
  if (linkSecret) headers['X-Ferry-Key'] = linkSecret;
  return headers;
}

/** Re-renders every half minute, so that "expires in" stays true. */
function useClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Files whose status is still to change for a visitor: not there yet, or (stored) still arriving. */
const pendingFiles = (upload: PlikUpload) =>
  listedFiles(upload).filter((file) => file.status === 'missing' || (!upload.stream && file.status === 'uploading'));

const POLL_FIRST_MS = 2000;
const POLL_MAX_MS = 30_000;

/**
 * Calls `check` every few seconds while `active`, ever slower while nothing changes (`changed` restarts it) and
 * slower still when it fails; never while the tab is hidden, and at once when it shows again.
 */
function usePolling(active: boolean, check: () => Promise<boolean>, changed: string): void {
  useEffect(() => {
    if (!active) return;
    let delay = POLL_FIRST_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const run = async () => {
      timer = undefined;
      if (document.hidden) return;
      const ok = await check();
      if (stopped) return;
      delay = Math.min(POLL_MAX_MS, delay * (ok ? 1.5 : 2));
      timer = setTimeout(() => void run(), delay);
    };
    const onVisibility = () => {
      if (document.hidden || stopped) return;
      clearTimeout(timer);
      void run();
    };
    timer = setTimeout(() => void run(), delay);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [active, check, changed]);
}

export function UploadView() {
  const id = route.value.query.get('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  // Why the last check failed; retried while set. An upload already shown stays, with this inline and a Retry.
  const [checkError, setCheckError] = useState('');
  const now = useClock();
  const mine = Object.values(transfers.value).filter((t) => t.uploadId === id);
  const settled = mine.filter((t) => !isActive(t)).length;

  /** Loads the upload, or checks it again; false when Ferry could not be asked. */
  const load = useCallback(async (): Promise<boolean> => {
    if (!id) {
      setState({ kind: 'missing' });
      return true;
    }
    try {
      const path = `upload/${encodeURIComponent(id)}`;
      const upload = await api<PlikUpload>(path, access(id, false));
      // Its owner, or an admin, is known by the session: asked again with it, now that no challenge can come.
      if (!upload.admin && user.value)
        setState({ kind: 'ready', upload: await api<PlikUpload>(path, access(id, true)), withSession: true });
      else setState({ kind: 'ready', upload, withSession: false });
      setCheckError('');
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 401)) {
        // An answer all the same: nothing more to retry.
        setCheckError('');
        if (err.status === 404) setState({ kind: 'missing' });
        else setState({ kind: 'password', error: refusal(id), checking: false });
        return true;
      }
      const message = messageOf(err);
      setCheckError(message);
      setState((current) => (current.kind === 'ready' ? current : { kind: 'error', message }));
      return false;
    }
  }, [id]);

  // Again each time one of this browser's files to it is done: its status has changed.
  useEffect(() => {
    void load();
  }, [load, settled]);

  // A visitor who came early sees files arrive. This browser's own files need no asking: their end reloads the
  // page, and a failed one waits for its Retry here.
  const upload = state.kind === 'ready' ? state.upload : undefined;
  const awaited = upload ? pendingFiles(upload).filter((file) => !mine.some((t) => t.fileId === file.id)) : [];
  usePolling(awaited.length > 0 || checkError !== '', load, upload ? upload.files.map((f) => f.status).join() : '');

  const title = state.kind === 'ready' ? uploadTitle(state.upload) : state.kind === 'missing' ? t().uploadNotFound : t().uploadTitle;
  useTitle(title);

  switch (state.kind) {
    case 'loading':
      return <Loading what={t().loadingUpload} />;
    case 'password':
      return (
        <PasswordPrompt
          error={state.error}
          checking={state.checking}
          onSubmit={(password, login) => {
            setCredentials(id, password, login);
            setState({ kind: 'password', error: '', checking: true });
            void load();
          }}
        />
      );
    case 'missing':
    case 'deleted':
      return (
        <section class="card narrow gone">
          <h1 tabIndex={-1}>{state.kind === 'deleted' ? t().uploadDeleted : t().uploadNotFound}</h1>
          <p>{state.kind === 'deleted' ? t().uploadGone : t().uploadMissing}</p>
          <p>
            <Link to="/">{t().shareYourOwn}</Link>
          </p>
        </section>
      );
    case 'error':
      return (
        <section class="card narrow">
          <h1 tabIndex={-1}>{t().somethingWentWrong}</h1>
          <Alert>{state.message}</Alert>
          <button type="button" class="button" onClick={() => void load()}>
            {t().tryAgain}
          </button>
        </section>
      );
    case 'ready':
      return (
        <ReadyUpload
          upload={state.upload}
          withSession={state.withSession}
          title={title}
          now={now}
          transfers={mine}
          reload={load}
          checkError={checkError}
          onDeleted={() => {
            forgetUpload(id);
            setState({ kind: 'deleted' });
          }}
        />
      );
  }
}

/** What to say of the credentials Ferry just refused (none given: nothing), which are then forgotten. */
function refusal(uploadId: string): string {
  const tried = credentialsFor(uploadId);
  if (!tried) return '';
  forgetCredentials(uploadId);
  return tried.login === DEFAULT_LOGIN ? t().wrongPassword : t().wrongLoginOrPassword;
}

const uploadTitle = (upload: PlikUpload) => {
  const listed = inChosenOrder(listedFiles(upload));
  return listed.length === 1 ? listed[0]!.fileName : t().files(listed.length);
};

interface ReadyProps {
  upload: PlikUpload;
  withSession: boolean;
  title: string;
  now: number;
  transfers: Transfer[];
  reload: () => Promise<boolean>;
  checkError: string;
  onDeleted: () => void;
}

function ReadyUpload({ upload, withSession, title, now, transfers: mine, reload, checkError, onDeleted }: ReadyProps) {
  const [error, setError] = useState('');
  const linkSecret = linkSecretOf(upload.id);
  const e2ee = Boolean(upload.e2ee);
  const identity = e2ee ? identityInPage() : undefined;
  const [secret, setSecret] = useState<E2eeSecret | undefined>(identity ? { kind: 'identity', identity } : undefined);
  // The age code, fetched while the visitor looks: "Decrypt and save" must open its file picker within the click.
  useEffect(() => {
    if (!e2ee) return;
    void loadAge();
    // A link with another key pasted into this tab changes the fragment alone: the page stays, its key changes.
    const onHashChange = () => {
      const linked = identityInPage();
      if (linked) setSecret({ kind: 'identity', identity: linked });
    };
    addEventListener('hashchange', onHashChange);
    return () => removeEventListener('hashchange', onHashChange);
  }, [e2ee]);
  // A file this browser was sending stays listed whatever became of it, so that its uploader sees "Cancelled".
  const listed = listedFiles(upload);
  const files = inChosenOrder(upload.files.filter((file) => listed.includes(file) || mine.some((t) => t.fileId === file.id)));
  const available = files.filter((file) => isAvailable(upload, file));
  const total = files.reduce((sum, file) => sum + sizeOf(file, mine), 0);
  const shareUrl = sharePageUrl(upload.id, linkSecret, identity);
  const canRemove = upload.admin || upload.removable;

  const act = async (question: string, action: () => Promise<unknown>, then: () => unknown) => {
    if (!confirm(question)) return;
    setError('');
    try {
      await action();
      then();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const removeFile = (file: PlikFile) =>
    act(
      t().confirmRemoveFile(file.fileName),
      () => api(fileApiPath(upload, file), { method: 'DELETE', ...access(upload.id, withSession) }),
      reload,
    );
  const deleteUpload = () =>
    act(
      t().confirmDeleteUpload,
      () => api(`upload/${encodeURIComponent(upload.id)}`, { method: 'DELETE', ...access(upload.id, withSession) }),
      onDeleted,
    );

  return (
    <section class="share">
      <header class="share-head">
        <h1 tabIndex={-1}>{title}</h1>
        <p class="meta">
          {t().files(files.length)} · {formatSize(total)} · <span data-testid="expiry">{expiryText(upload.expireAt, now)}</span>
        </p>
        <ul class="badges" aria-label={t().uploadOptions}>
          {upload.oneShot && <li>{t().oneShot}</li>}
          {upload.stream && <li>{t().stream}</li>}
          {upload.removable && <li>{t().removable}</li>}
          {upload.protectedByPassword && <li>{t().badgePassword}</li>}
          {upload.extend_ttl && <li>{t().badgeExtended}</li>}
          {!upload.oneShot && upload.maxDownloads ? <li>{t().downloadsPerFile(upload.maxDownloads)}</li> : null}
          {upload.encryption && upload.encryption !== 'none' && <li>{t().badgeEncrypted}</li>}
          {e2ee && <li>{t().e2eeBadge}</li>}
        </ul>
      </header>

      <div class="card share-link">
        <label for="share-url">{t().linkToPage}</label>
        <div class="row">
          <input id="share-url" type="text" readOnly value={shareUrl} onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={shareUrl} what={t().thisPage} />
          <QrButton url={shareUrl} name={t().thisPage} />
        </div>
        {upload.protectedByPassword && <p class="hint">{t().shareNeedsPassword}</p>}
      </div>

      {e2ee && <E2eeKey secret={secret} fromLink={identity !== undefined} onSecret={setSecret} />}
      {upload.admin && user.value && <UploadEmails uploadId={upload.id} link={shareUrl} />}
      <TotalProgress transfers={mine} />
      <UnfinishedFiles upload={upload} transfers={mine} linkSecret={linkSecret} />
      <ReadyNote upload={upload} />
      {error && <Alert>{error}</Alert>}
      {checkError && (
        <Alert>
          {t().checkFailed(checkError.replace(/\.$/, ''))}{' '}
          <button type="button" class="button small" onClick={() => void reload()}>
            {t().retry}
          </button>
        </Alert>
      )}

      {upload.comments.trim() && (
        <section class="card" aria-labelledby="comments-title">
          <h2 id="comments-title">{t().commentsTitle}</h2>
          <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(upload.comments) }} />
        </section>
      )}

      <section aria-labelledby="files-title">
        <h2 id="files-title">{t().filesTitle}</h2>
        <ul class="files">
          {files.map((file) => (
            <FileItem
              key={file.id}
              upload={upload}
              file={file}
              linkSecret={linkSecret}
              secret={e2ee ? secret : undefined}
              request={access(upload.id, withSession)}
              transfer={mine.find((t) => t.fileId === file.id)}
              onRemove={canRemove && (isAvailable(upload, file) || file.status === 'missing') ? () => removeFile(file) : undefined}
            />
          ))}
        </ul>
      </section>

      <div class="actions">
        {!upload.stream && !e2ee && available.length > 1 && (
          <DownloadLink upload={upload} url={archiveUrl(upload, linkSecret)} attachment class="button primary">
            {t().downloadAllZip}
          </DownloadLink>
        )}
        {e2ee && available.length > 1 && (
          <DecryptButton
            label={t().decryptAllZip}
            ariaLabel={t().decryptAllZip}
            size={available.reduce((sum, file) => sum + file.fileSize, 0)}
            secret={secret}
            small={false}
            save={(age, key, onProgress) =>
              age.decryptAllToZip(
                `ferry-${upload.id}.zip`,
                available.map((file) => encryptedDownload(upload, file, linkSecret)),
                key,
                onProgress,
              )
            }
          />
        )}
        {canRemove && (
          <button type="button" class="button danger" onClick={deleteUpload}>
            {t().deleteUpload}
          </button>
        )}
      </div>
    </section>
  );
}

/** Ferry counts a file whose upload failed as empty again; this browser still knows how big it is. */
const sizeOf = (file: PlikFile, mine: Transfer[]) =>
  file.fileSize === 0 ? (mine.find((t) => t.fileId === file.id)?.size ?? 0) : file.fileSize;

/**
 * Says so, and takes focus, when the last file becomes ready while the page is open: the moment to share the
 * link. Not on a page opened when all were there already.
 */
function ReadyNote({ upload }: { upload: PlikUpload }) {
  const listed = listedFiles(upload);
  const allReady = listed.length > 0 && listed.every((file) => isAvailable(upload, file));
  const wasWaiting = useRef(!allReady);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = allReady && wasWaiting.current;
  useEffect(() => {
    if (!allReady) wasWaiting.current = true;
    else if (shown) heading.current?.focus();
  }, [allReady, shown]);
  if (!shown) return null;
  return (
    <h2 class="ready-note" tabIndex={-1} ref={heading}>
      {listed.length === 1 ? t().fileReady : t().allFilesReady}
    </h2>
  );
}

/** This browser's files to the upload together: one bar while any is on its way. */
function TotalProgress({ transfers: mine }: { transfers: Transfer[] }) {
  const counted = mine.filter((t) => t.status !== 'cancelled');
  if (!counted.some(isActive)) return null;
  const size = counted.reduce((sum, t) => sum + t.size, 0);
  const sent = counted.reduce((sum, t) => sum + Math.min(t.sent, t.size), 0);
  const percent = size > 0 ? Math.floor((sent / size) * 100) : 0;
  return (
    <div class="card transfer total">
      <progress max={100} value={percent} aria-label={t().uploadOfAll}>
        {formatPercent(percent)}
      </progress>
      <span class="transfer-text">{t().allFilesProgress(t().progress(formatPercent(percent), formatSize(sent), formatSize(size)))}</span>
    </div>
  );
}

interface FileItemProps {
  upload: PlikUpload;
  file: PlikFile;
  linkSecret: string | undefined;
  /** What decrypts the file, for an upload encrypted end to end, once known. */
  secret?: E2eeSecret;
  /** What the page proves to Ferry about the upload, for the previews it reads itself. */
  request: RequestOptions;
  transfer: Transfer | undefined;
  onRemove?: () => void;
}

function FileItem({ upload, file, linkSecret, secret, request, transfer, onRemove }: FileItemProps) {
  const available = isAvailable(upload, file);
  const e2ee = Boolean(upload.e2ee);
  const sending = transfer && (isActive(transfer) || transfer.status === 'paused');
  const inProgress = transfer && transfer.status !== 'done';
  const limited = isLimited(upload);
  return (
    <li class={`file file-${file.status}`}>
      <div class="file-main">
        {available && !limited && !e2ee ? (
          <DownloadLink upload={upload} url={fileUrl(upload, file, linkSecret)} class="file-name">
            {file.fileName}
          </DownloadLink>
        ) : (
          <span class="file-name">{file.fileName}</span>
        )}
        <span class="file-meta">
          {formatSize(sizeOf(file, transfer ? [transfer] : []))} · {file.fileType || t().unknownType} ·{' '}
          <span class="status">{statusText(upload, file)}</span>
          {remainingText(upload, file) && ` · ${remainingText(upload, file)}`}
        </span>
      </div>
      {inProgress && transfer.status !== 'failed' && <TransferProgress transfer={transfer} />}
      {available && !inProgress && <FilePreview upload={upload} file={file} linkSecret={linkSecret} request={request} />}
      {transfer?.status === 'failed' && (
        <Alert>
          {t().uploadOfFailed(file.fileName, transfer.error ?? '')}
          {canRetry(file.id) && (
            <button type="button" class="button small" onClick={() => retryTransfer(file.id)} aria-label={t().retryUploadOf(file.fileName)}>
              {t().retry}
            </button>
          )}
        </Alert>
      )}
      <div class="file-actions">
        {available && e2ee && (
          <>
            <DecryptButton
              label={t().decryptAndSave}
              ariaLabel={t().decryptAndSaveName(plainName(file.fileName))}
              size={file.fileSize}
              secret={secret}
              save={(age, key, onProgress) => age.decryptToDisk(encryptedDownload(upload, file, linkSecret), key, onProgress)}
            />
            <DownloadLink upload={upload} url={fileUrl(upload, file, linkSecret, { attachment: true })} attachment class="button small">
              {t().encryptedFile}
            </DownloadLink>
          </>
        )}
        {available && !e2ee && (
          <>
            <DownloadLink
              upload={upload}
              url={fileUrl(upload, file, linkSecret, { attachment: true })}
              attachment
              class="button small primary"
              aria-label={t().downloadFile(file.fileName)}
            >
              {t().download}
            </DownloadLink>
            <CopyButton text={fileUrl(upload, file, linkSecret)} what={file.fileName} />
            <QrButton url={fileUrl(upload, file, linkSecret)} name={file.fileName} />
          </>
        )}
        {onRemove && !sending && (
          <button type="button" class="button small danger" onClick={onRemove} aria-label={t().removeFile(file.fileName)}>
            {t().remove}
          </button>
        )}
      </div>
    </li>
  );
}

/** What a download made by the page itself (fetch) needs: the upload's password, when the page has one. */
/** What decrypting a file of an end-to-end encrypted upload fetches, and the name it saves the plaintext under. */
function encryptedDownload(upload: PlikUpload, file: PlikFile, linkSecret?: string): EncryptedDownload {
  return {
    url: fileUrl(upload, file, linkSecret),
    headerUrl: ageHeaderUrl(upload, file),
    headers: downloadHeaders(upload.id),
    name: plainName(file.fileName),
    size: file.fileSize,
  };
}

function downloadHeaders(uploadId: string): Record<string, string> {
  const credentials = credentialsFor(uploadId);
  return credentials ? { Authorization: basicAuth(credentials.login, credentials.password) } : {};
}

/** A download link that first gives the browser the upload's password, when the page has one. */
function DownloadLink({
  upload,
  url,
  attachment = false,
  children,
  ...rest
}: {
  upload: PlikUpload;
  url: string;
  attachment?: boolean;
  class?: string;
  'aria-label'?: string;
  children: ComponentChildren;
}) {
  const onClick = (event: MouseEvent) => {
    if (!credentialsFor(upload.id) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void followDownload(upload.id, url, attachment);
  };
  return (
    <a {...rest} href={url} download={attachment ? '' : undefined} onClick={onClick}>
      {children}
    </a>
  );
}
