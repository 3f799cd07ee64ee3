// Entry point: loads the server's config and the signed-in user, then shows the app.
import { render } from 'preact';
import './styles.css';
import './state/theme';
import { App } from './app';
import { messageOf } from './api/client';
import { loadSession } from './state/session';

const root = document.getElementById('app')!;

loadSession().then(
  () => render(<App />, root),
  (err) => {
    root.textContent = `Ferry could not load its settings: ${messageOf(err)}`;
    root.setAttribute('role', 'alert');
  },
);
