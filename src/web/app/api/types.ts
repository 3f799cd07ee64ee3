// The JSON shapes Ferry's API answers, as the server declares them (type-only imports: no JavaScript comes along).
export type {
  FeatureValue,
  Paged,
  PlikFile,
  PlikToken as Token,
  PlikUpload,
  PlikUser as User,
  ServerConfig,
  ServerStats,
  UserStats,
  Version,
} from '../../../protocol/plik-wire.js';
export type { DayActivity } from '../../../protocol/ferry-account.js';
export type { FileRequestWire as FileRequest, PublicFileRequestWire as PublicFileRequest } from '../../../protocol/ferry-requests.js';
export type { PublicBranding as Branding } from '../../../protocol/ferry-branding.js';
