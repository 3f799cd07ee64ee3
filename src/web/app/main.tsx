// Entry point: loads the server's config and the signed-in user, then shows the app.
import { render } from 'preact';
import './styles.css';
import './state/theme';
import { App } from './app';
import { ApiError, messageOf } from './api/client';
import { apiUrl } from './base';
import { startLanguage, t } from './state/language';
import { loadSession } from './state/session';

const strings = {
  offline: 'Ferry cannot be reached (you may be offline): it needs a connection to share files. Reload once you are back online.',
};

const root = document.getElementById('app')!;

// The offline shell and the share target (sw/service-worker.ts); a module worker, as Vite builds it.
navigator.serviceWorker?.register(apiUrl('sw.js'), { scope: apiUrl(''), type: 'module' }).catch(() => undefined);

// The page is drawn once its language is known, so that it never shows in English first.
loadSession().then(
  () => startLanguage().then(() => render(<App />, root)),
  async (err) => {
    await startLanguage();
    // Status 0: no answer at all, as offline, where the shell came from the service worker's cache.
    const unreachable = err instanceof ApiError && err.status === 0;
    root.textContent = unreachable ? strings.offline : t().loadFailed(messageOf(err));
    root.setAttribute('role', 'alert');
  },
);
