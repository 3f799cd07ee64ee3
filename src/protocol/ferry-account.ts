// Ferry's own account routes, beside Plik's: changing one's password and profile, and the daily activity charts.
// Imports TypeBox only: the web page imports these types without any JavaScript.
import { Type, type Static } from 'typebox';

/** Ferry's routes answer errors in JSON, whatever the client accepts. */
export const FERRY_ROUTE = { jsonErrors: true } as const;

export const PasswordChangeSchema = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 1024 }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChangeSchema>;

export const PasswordChangedSchema = Type.Object({
  sessionsEnded: Type.Integer({ description: 'Other sessions of the user that were signed out' }),
});

export const ProfileChangeSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255 })),
    email: Type.Optional(Type.String({ maxLength: 255 })),
    theme: Type.Optional(Type.String({ maxLength: 32, description: "The web page's theme; '' for none chosen", examples: ['dark'] })),
    language: Type.Optional(Type.String({ maxLength: 35, description: "A BCP 47 tag; '' for none chosen", examples: ['pt-BR'] })),
    ageRecipient: Type.Optional(
      Type.String({ maxLength: 255, description: "An age X25519 public key (age1…) that file requests' senders encrypt to; '' for none" }),
    ),
  },
  { additionalProperties: false },
);
export type ProfileChange = Static<typeof ProfileChangeSchema>;

export const ActivityQuerySchema = Type.Object(
  // How many days may be asked for is the domain's rule (ActivityService.daily).
  { days: Type.Optional(Type.Integer({ default: 30, description: 'Days back from today, 1 to 366' })) },
  { additionalProperties: false },
);
/** As routes see it: the schema's default fills in a missing `days`. */
export type ActivityQuery = Required<Static<typeof ActivityQuerySchema>>;

export const DayActivitySchema = Type.Object(
  {
    day: Type.String({ description: 'UTC day', examples: ['2026-12-01'] }),
    uploads: Type.Integer(),
    files: Type.Integer(),
    bytesUploaded: Type.Integer(),
    downloads: Type.Integer(),
    bytesDownloaded: Type.Integer(),
  },
  { title: 'DayActivity' },
);
/** One UTC day of /me/activity or /activity. */
export type DayActivity = Static<typeof DayActivitySchema>;

/** `days`: oldest first, today last, one entry per day. */
export const ActivitySchema = Type.Object({ days: Type.Array(DayActivitySchema) });
