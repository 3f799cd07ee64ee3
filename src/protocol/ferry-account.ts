// Ferry's own account routes, beside Plik's: changing one's password and profile, and the daily activity charts.
/** Ferry's routes answer errors in JSON, whatever the client accepts. */
export const FERRY_ROUTE = { jsonErrors: true } as const;

export const passwordChangeSchema = {
  type: 'object',
  required: ['current', 'password'],
  additionalProperties: false,
  properties: { current: { type: 'string', minLength: 1, maxLength: 1024 }, password: { type: 'string', maxLength: 1024 } },
} as const;

export interface PasswordChange {
  current: string;
  password: string;
}

export const profileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 255 }, email: { type: 'string', maxLength: 255 } },
} as const;

export interface ProfileChange {
  name?: string;
  email?: string;
}

export const activityQuerySchema = {
  type: 'object',
  additionalProperties: false,
  // How many days may be asked for is the domain's rule (ActivityService.daily).
  properties: { days: { type: 'integer', default: 30 } },
} as const;

const count = { type: 'integer' } as const;

/** `days`: oldest first, today last, one entry per day. */
export const activitySchema = {
  type: 'object',
  properties: {
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: { day: { type: 'string' }, uploads: count, files: count, bytesUploaded: count, downloads: count, bytesDownloaded: count },
      },
    },
  },
} as const;
