// Entry point: loads the server's config and the signed-in user, then shows the app.
import { render } from 'preact';
import './styles.css';
import './state/theme';
import { App } from './app';
import { messageOf } from './api/client';
import { startLanguage, t } from './state/language';
import { loadSession } from './state/session';

const root = document.getElementById('app')!;

// The page is drawn once its language is known, so that it never shows in English first.
loadSession().then(
  () => startLanguage().then(() => render(<App />, root)),
  async (err) => {
    await startLanguage();
    root.textContent = t().loadFailed(messageOf(err));
    root.setAttribute('role', 'alert');
  },
);
