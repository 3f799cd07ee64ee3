// The page's frame (header, navigation, theme, footer) and which page the address shows.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert, Link, useTitle } from './components/ui';
import { AccountPage } from './pages/account-page';
import { AdminPage } from './pages/admin-page';
import { CliAuthPage } from './pages/cli-auth-page';
import { InvitePage } from './pages/invite-page';
import { RequestPage } from './pages/request-page';
import { SignInPage } from './pages/sign-in-page';
import { UploadPage } from './pages/upload-page';
import { UploadView } from './pages/upload-view';
import { navigate, route } from './router';
import { apiUrl } from './base';
import { LanguageSelect } from './components/language-select';
import { t } from './state/language';
import { authEnabled, branding, clients, config, user, version } from './state/session';
import { chooseTheme, THEMES, theme, type Theme } from './state/theme';

export function App() {
  const { path, query } = route.value;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After moving to another page, focus its heading, so that screen readers announce it and Tab starts there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path, query.toString()]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t().skipToContent}
      </a>
      <SiteHeader path={path} />
      <main id="main" ref={main} tabIndex={-1}>
        <Page path={path} />
      </main>
      <footer class="site-footer">
        {/* In the footer, where sites keep it: the header stays one line on a phone and beside a long login. */}
        <LanguageSelect />
        {branding.value.footer && <span class="brand-footer">{branding.value.footer}</span>}
        <span>Ferry {version.value}</span>
        {config.value?.abuseContact && <span>{t().reportAbuse(config.value.abuseContact)}</span>}
        {config.value?.feature_clients !== 'disabled' && clients.value.length > 0 && (
          <nav aria-label={t().cliClientsLabel}>
            {t().cliClients}{' '}
            {clients.value.map((client, i) => (
              <Fragment key={client.path}>
                {i > 0 && ', '}
                <a href={client.path} download>
                  {client.name}
                </a>
              </Fragment>
            ))}
          </nav>
        )}
      </footer>
    </>
  );
}

/** The brand, the navigation and the theme; on a phone the last two behind a Menu button, so that it stays one line. */
function SiteHeader({ path }: { path: string }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenuOpen(false), [path]);
  const current = (to: string) => (path === to ? 'page' : undefined);
  return (
    <header class="site-header">
      <Link to="/" class="brand">
        {branding.value.logo && <img class="brand-logo" src={apiUrl(branding.value.logo)} alt="" />}
        {branding.value.name}
      </Link>
      <button
        ref={menuButton}
        type="button"
        class="button small menu-button"
        aria-expanded={menuOpen}
        aria-controls="site-menu"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        {t().menu}
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the open menu closes it, as menus do */}
      <div
        id="site-menu"
        class={`site-menu${menuOpen ? ' open' : ''}`}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || !menuOpen) return;
          setMenuOpen(false);
          menuButton.current?.focus();
        }}
      >
        <nav aria-label={t().mainNavigation}>
          <Link to="/" aria-current={current('/')}>
            {t().navUpload}
          </Link>
          {authEnabled() && !user.value && (
            <Link to="/login" aria-current={current('/login')}>
              {t().signIn}
            </Link>
          )}
          {user.value && (
            <Link to="/account" aria-current={current('/account')}>
              {user.value.login}
            </Link>
          )}
          {user.value?.admin && (
            <Link to="/admin" aria-current={current('/admin')}>
              {t().navAdmin}
            </Link>
          )}
        </nav>
        <ThemeSelect />
      </div>
    </header>
  );
}

function Page({ path }: { path: string }) {
  const signedIn = user.value;
  switch (path) {
    case '/':
      return <UploadPage />;
    case '/d':
      return <UploadView />;
    case '/login':
      return <SignInPage />;
    case '/account':
      if (!signedIn) return <SignInFirst />;
      return <AccountPage user={signedIn} />;
    case '/cli-auth':
      if (!signedIn) return <SignInFirst />;
      return <CliAuthPage user={signedIn} />;
    case '/r':
      return <RequestPage />;
    case '/invite':
      return <InvitePage />;
    case '/admin':
      if (!signedIn) return <SignInFirst />;
      if (!signedIn.admin) return <Forbidden />;
      return <AdminPage me={signedIn} />;
    default:
      return <NotFound />;
  }
}

function SignInFirst() {
  useEffect(() => {
    if (authEnabled()) navigate(`/login?next=${encodeURIComponent(route.value.path + location.search)}`, { replace: true });
  }, []);
  return <NotFound />;
}

function Forbidden() {
  useTitle(t().notAllowed);
  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>{t().notAllowed}</h1>
      <Alert kind="info">{t().notAllowedText}</Alert>
    </section>
  );
}

function NotFound() {
  useTitle(t().pageNotFound);
  return (
    <section class="card narrow">
      <h1 tabIndex={-1}>{t().pageNotFound}</h1>
      <p>
        <Link to="/">{t().goToUploadPage}</Link>
      </p>
    </section>
  );
}

const themeStrings = {
  label: 'Theme',
  names: { system: 'Auto theme', light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast' } satisfies Record<Theme, string>,
  notSaved: 'The theme could not be saved on your account',
};

function ThemeSelect() {
  const [error, setError] = useState('');
  return (
    <label class="theme-select">
      <span class="visually-hidden">{t().theme}</span>
      <select
        value={theme.value}
        onChange={(event) =>
          chooseTheme(event.currentTarget.value as Theme).then(
            () => setError(''),
            () => setError(themeStrings.notSaved),
          )
        }
      >
        {THEMES.map((name) => (
          <option key={name} value={name}>
            {themeStrings.names[name]}
          </option>
        ))}
      </select>
      {error && (
        <span class="visually-hidden" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
