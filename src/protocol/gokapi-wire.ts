// Gokapi's JSON shapes, each declared once (type and JSON schema): a file in the Gokapi article's camelCase
// fields and in Gokapi's own, and the answers that carry them.
import { Type, type Static } from 'typebox';
import { Nullable } from './wire-types.js';

const string = (description?: string) => Type.String(description === undefined ? {} : { description });
const integer = (description?: string) => Type.Integer(description === undefined ? {} : { description });
const boolean = () => Type.Boolean();

export const GokapiFileSchema = Type.Object(
  {
    id: string(),
    name: string(),
    size: string('Human-readable, e.g. "1.2 MB"'),
    url: string('The download page'),
    hotlinkUrl: string('Empty when the file cannot be hotlinked'),
    remainingDownloads: Nullable(Type.Integer({ description: 'null: no limit' })),
    expiry: Nullable(Type.Integer({ description: 'Unix seconds; null: never expires' })),
    Id: string(),
    Name: string(),
    Size: string(),
    HotlinkId: string(),
    ContentType: string(),
    ExpireAtString: string('UTC, "YYYY-MM-DD hh:mm:ss"; empty: never expires'),
    UrlDownload: string(),
    UrlHotlink: string(),
    FileRequestId: string(),
    UploadDate: integer('Unix seconds'),
    ExpireAt: integer('Unix seconds; 0: never expires'),
    SizeBytes: integer(),
    DownloadsRemaining: integer('0 with UnlimitedDownloads: no limit'),
    DownloadCount: integer(),
    UnlimitedDownloads: boolean(),
    UnlimitedTime: boolean(),
    RequiresClientSideDecryption: boolean(),
    IsEncrypted: boolean(),
    IsEndToEndEncrypted: boolean(),
    IsPasswordProtected: boolean(),
    IsSavedOnLocalStorage: boolean(),
    IsPendingDeletion: boolean(),
    IsFileRequest: boolean(),
    UploaderId: integer('Always 0: Ferry names its users, Gokapi numbers them'),
  },
  { title: 'GokapiFile', description: "A file, in the Gokapi article's fields and in Gokapi's own" },
);
export type GokapiFile = Static<typeof GokapiFileSchema>;

export const GokapiResultSchema = Type.Object(
  {
    result: Type.Literal('OK'),
    fileInfo: GokapiFileSchema,
    Result: Type.Literal('OK'),
    FileInfo: GokapiFileSchema,
    IncludeFilename: Type.Boolean(),
  },
  { title: 'GokapiResult' },
);
export type GokapiResult = Static<typeof GokapiResultSchema>;

export const GokapiDeletedSchema = Type.Object({ result: Type.Literal('OK'), Result: Type.Literal('OK') }, { title: 'GokapiDeleted' });
