// File requests on the wire: what their owner sends and reads (/me/requests), what their link shows (/request/:id)
// and what a sender is answered. Imports TypeBox only: the web page imports these types without any JavaScript.
import { Type, type Static } from 'typebox';

const SenderField = Type.Union([Type.Literal('hidden'), Type.Literal('optional'), Type.Literal('required')], {
  description: 'Whether senders are asked for it: hidden (default), optional or required',
});

export const NewFileRequestSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 255, examples: ['Holiday photos'] }),
    message: Type.Optional(Type.String({ maxLength: 4096, description: 'Shown to senders above the form' })),
    ttl: Type.Optional(Type.Integer({ minimum: 0, description: 'Seconds it takes files for; 0 or absent: until closed' })),
    maxFiles: Type.Optional(Type.Integer({ minimum: 0, description: 'Files it takes in all; 0: no limit' })),
    maxFileSize: Type.Optional(Type.Integer({ minimum: 0, description: 'Bytes per file; 0: only the server’s and owner’s limits' })),
    maxTotalSize: Type.Optional(Type.Integer({ minimum: 0, description: 'Bytes of all its files together; 0: no limit' })),
    allowedTypes: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 64,
        description: 'Extensions and MIME types it takes (".pdf", "image/*"); empty: any',
        examples: [['.pdf', 'image/*']],
      }),
    ),
    password: Type.Optional(Type.String({ maxLength: 1024, description: 'Senders must give it; kept hashed' })),
    nameField: Type.Optional(SenderField),
    emailField: Type.Optional(SenderField),
    reusable: Type.Optional(Type.Boolean({ description: 'false: one-time, a single submission (true by default)' })),
  },
  { additionalProperties: false },
);
export type NewFileRequestBody = Static<typeof NewFileRequestSchema>;

const limitFields = {
  maxFiles: Type.Integer(),
  maxFileSize: Type.Integer(),
  maxTotalSize: Type.Integer(),
  allowedTypes: Type.Array(Type.String()),
};

export const PublicFileRequestSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    message: Type.String(),
    expireAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    ...limitFields,
    nameField: SenderField,
    emailField: SenderField,
    passwordProtected: Type.Boolean(),
    reusable: Type.Boolean(),
    ageRecipient: Type.String({ description: "The requester's age public key to encrypt the files to end to end; '' for none" }),
  },
  { title: 'PublicFileRequest', description: 'A file request as its link shows it' },
);
export type PublicFileRequestWire = Static<typeof PublicFileRequestSchema>;

export const ReceivedFileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  type: Type.String(),
  url: Type.String({ description: 'Where its owner downloads it' }),
});

export const SubmissionSchema = Type.Object({
  uploadId: Type.String(),
  senderName: Type.String(),
  senderEmail: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  files: Type.Array(ReceivedFileSchema),
});

export const FileRequestSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    message: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expireAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    open: Type.Boolean({ description: 'Takes files now: neither closed nor expired' }),
    ...limitFields,
    nameField: SenderField,
    emailField: SenderField,
    passwordProtected: Type.Boolean(),
    reusable: Type.Boolean(),
    url: Type.String({ description: 'The link to hand to senders' }),
    qrcode: Type.String({ description: 'A PNG QR code of the link' }),
    submissions: Type.Integer(),
    filesTaken: Type.Integer({ description: 'Files received or arriving' }),
    received: Type.Optional(Type.Array(SubmissionSchema, { description: 'Each submission with its files (one request only)' })),
  },
  { title: 'FileRequest', description: 'A file request as its owner sees it' },
);
export type FileRequestWire = Static<typeof FileRequestSchema>;

export const SentSchema = Type.Object(
  { files: Type.Array(Type.Object({ name: Type.String(), size: Type.Integer() })) },
  { description: 'What the request received of this sender (never where: only its owner may download)' },
);
export type SentWire = Static<typeof SentSchema>;

/** The form fields a sender may give before the files; multipart, each a text field. */
export const SenderFormSchema = Type.Object({
  name: Type.Optional(Type.String({ description: "The sender's name, when the request asks for it" })),
  email: Type.Optional(Type.String({ description: "The sender's email, when the request asks for it" })),
  password: Type.Optional(Type.String({ description: "The request's password (or HTTP Basic auth's password)" })),
  e2ee: Type.Optional(Type.Literal('age', { description: "The files are encrypted to the requester's ageRecipient" })),
  file: Type.String({ format: 'binary', description: 'One or more files, after the fields' }),
});
