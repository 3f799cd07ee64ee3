// Light, dark, or as the system says: the choice is kept in localStorage and applied as <html data-theme>.
import { signal, effect } from '@preact/signals';

export type Theme = 'system' | 'light' | 'dark';
const KEY = 'ferry.theme';

const stored = localStorage.getItem(KEY);
export const theme = signal<Theme>(stored === 'light' || stored === 'dark' ? stored : 'system');

effect(() => {
  if (theme.value === 'system') {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem(KEY);
  } else {
    document.documentElement.dataset.theme = theme.value;
    localStorage.setItem(KEY, theme.value);
  }
});
