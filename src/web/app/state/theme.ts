// Light, dark, high contrast, or as the system says (prefers-color-scheme; prefers-contrast: the high-contrast
// stylesheet's media): the choice is kept in localStorage, and on the account when signed in (PATCH /me's theme),
// applied as <html data-theme> and that media.
import { effect, signal } from '@preact/signals';
import { api } from '../api/client';
import { user } from './session';

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];
const KEY = 'ferry.theme';

const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme);

const stored = localStorage.getItem(KEY);
export const theme = signal<Theme>(isTheme(stored) ? stored : 'system');

/** index.html's high-contrast stylesheet: its media decides whether it applies. */
const HIGH_CONTRAST_MEDIA: Record<Theme, string> = {
  system: '(prefers-contrast: more)',
  light: 'not all',
  dark: 'not all',
  'high-contrast': 'all',
};

effect(() => {
  const highContrast = document.getElementById('high-contrast') as HTMLLinkElement | null;
  if (highContrast) highContrast.media = HIGH_CONTRAST_MEDIA[theme.value];
  if (theme.value === 'system') {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem(KEY);
  } else {
    document.documentElement.dataset.theme = theme.value;
    localStorage.setItem(KEY, theme.value);
  }
});

// Signed in, the account's choice wins over this browser's: it follows the user to their other devices.
effect(() => {
  const chosen = user.value?.theme;
  if (chosen && isTheme(chosen)) theme.value = chosen;
});

/** The user picks a theme: applied at once, kept on their account too when they are signed in. */
export function chooseTheme(next: Theme): Promise<void> {
  theme.value = next;
  const signedIn = user.value;
  if (!signedIn) return Promise.resolve();
  const saved = next === 'system' ? '' : next;
  user.value = { ...signedIn, theme: saved };
  return api('me', { method: 'PATCH', body: { theme: saved } }).then(() => undefined);
}
