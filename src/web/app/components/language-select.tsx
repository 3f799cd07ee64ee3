// The header's language switcher: each language named in itself, so that anyone finds their own.
import { useState } from 'preact/hooks';
import { LANGUAGES } from '../../../i18n/languages';
import { chooseLanguage, language, t } from '../state/language';

export function LanguageSelect() {
  const [busy, setBusy] = useState(false);
  const choose = (tag: string) => {
    const next = LANGUAGES.find((candidate) => candidate.tag === tag);
    if (!next) return;
    setBusy(true);
    // A preference that could not be saved leaves the language shown all the same, for this visit.
    chooseLanguage(next)
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <label class="language-select">
      <span class="visually-hidden">{t().language}</span>
      <select value={language.value.tag} disabled={busy} onChange={(event) => choose(event.currentTarget.value)}>
        {LANGUAGES.map(({ tag, name }) => (
          <option key={tag} value={tag} lang={tag}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
