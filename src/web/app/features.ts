// Which upload options and sign-in buttons the page offers, read from the server's /config (and the user's limits).
// New server features plug in here: the page shows an option as soon as /config reports it.
import type { FeatureValue, ServerConfig, User } from './api/types';
import { t } from './state/language';

/** How a feature flag shows as a checkbox: hidden (disabled), off or on by default, or on and locked (forced). */
export interface Toggle {
  shown: boolean;
  initial: boolean;
  locked: boolean;
}

export function toggleOf(value: FeatureValue | undefined): Toggle {
  switch (value) {
    case 'enabled':
      return { shown: true, initial: false, locked: false };
    case 'default':
      return { shown: true, initial: true, locked: false };
    case 'forced':
      return { shown: true, initial: true, locked: true };
    default:
      return { shown: false, initial: false, locked: false };
  }
}

export type EncryptionMode = 'none' | 'server' | 'link';

export interface UploadFeatures {
  oneShot: Toggle;
  stream: Toggle;
  removable: Toggle;
  extendTtl: Toggle;
  /** Password: shown, and required when forced. */
  password: Toggle;
  comments: boolean;
  text: boolean;
  /** Lifetimes to choose from, in seconds (NEVER: none); empty when the server does not let uploads choose. */
  ttlChoices: number[];
  defaultTtl: number;
  downloadLimit: Toggle;
  maxDownloads: number;
  /** Encryption modes to offer; empty: no choice. */
  encryptionModes: EncryptionMode[];
  /** Bytes per file, 0: no limit. */
  maxFileSize: number;
  maxFilePerUpload: number;
  /** Bytes over all the user's files, 0: no quota. */
  quota: number;
}

const DAY = 86_400;
const TTL_PRESETS = [3600, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];
export const NEVER = -1;

/** A user's own limit when an admin set one (0: the server's, negative: none). */
const effective = (own: number | undefined, server: number) => (own !== undefined && own !== 0 ? own : server);
const positive = (value: number) => Math.max(value, 0);

function ttlChoices(config: ServerConfig, user: User | null): number[] {
  if (config.feature_set_ttl === 'disabled') return [];
  const max = effective(user?.maxTTL, config.maxTTL);
  const choices = TTL_PRESETS.filter((seconds) => max <= 0 || seconds <= max);
  if (config.defaultTTL > 0 && !choices.includes(config.defaultTTL)) {
    choices.push(config.defaultTTL);
    choices.sort((a, b) => a - b);
  }
  if (max <= 0) choices.push(NEVER);
  return choices;
}

function encryptionModes(config: ServerConfig): EncryptionMode[] {
  const feature = config.feature_encryption;
  if (feature === undefined || feature === 'disabled') return [];
  const available = (config.encryptionModes ?? ['server', 'link']).filter(
    (mode): mode is EncryptionMode => mode === 'server' || mode === 'link',
  );
  return feature === 'forced' ? available : ['none', ...available];
}

export function uploadFeatures(config: ServerConfig, user: User | null): UploadFeatures {
  return {
    oneShot: toggleOf(config.feature_one_shot),
    stream: toggleOf(config.feature_stream),
    removable: toggleOf(config.feature_removable),
    extendTtl: toggleOf(config.feature_extend_ttl),
    password: toggleOf(config.feature_password),
    comments: config.feature_comments !== 'disabled',
    text: config.feature_text !== 'disabled',
    ttlChoices: ttlChoices(config, user),
    defaultTtl: config.defaultTTL,
    downloadLimit: toggleOf(config.feature_download_limit),
    maxDownloads: positive(config.maxDownloads ?? 0),
    encryptionModes: encryptionModes(config),
    maxFileSize: positive(effective(user?.maxFileSize, config.maxFileSize)),
    maxFilePerUpload: positive(config.maxFilePerUpload),
    quota: positive(effective(user?.maxUserSize, config.maxUserSize)),
  };
}

export interface Provider {
  /** The path segment of its routes: /auth/<id>/login. */
  id: 'oidc' | 'google' | 'github' | 'ovh';
  label: string;
}

/** The external sign-in providers the server has configured. */
export function signInProviders(config: ServerConfig): Provider[] {
  const providers: Provider[] = [];
  if (config.oidcAuthentication) providers.push({ id: 'oidc', label: config.oidcProviderName || t().singleSignOn });
  if (config.googleAuthentication) providers.push({ id: 'google', label: 'Google' });
  if (config.githubAuthentication) providers.push({ id: 'github', label: 'GitHub' });
  if (config.ovhAuthentication) providers.push({ id: 'ovh', label: 'OVH' });
  return providers;
}
