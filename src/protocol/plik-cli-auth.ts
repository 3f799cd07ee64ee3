// Plik 1.4's CLI sign-in (device flow) on the wire: /auth/cli/init, /auth/cli/approve, /auth/cli/poll.
// Imports TypeBox only: the web page and the CLI import these types without any JavaScript.
import { Type, type Static } from 'typebox';

export const CliInitSchema = Type.Union([
  Type.Object({ hostname: Type.Optional(Type.String({ maxLength: 255, description: "The CLI's machine, shown to the approver" })) }),
  Type.Null(),
]);
export type CliInit = Static<typeof CliInitSchema>;

export const CliStartedSchema = Type.Object(
  {
    code: Type.String({ description: 'What the user approves in the browser', examples: ['K7MQ2XHD'] }),
    secret: Type.String({ description: 'For the CLI alone: every poll must carry it' }),
    verificationURL: Type.String({ description: 'The page where a signed-in user approves the code' }),
    expiresIn: Type.Integer({ description: 'Seconds the request waits for its approval and its claim', examples: [300] }),
    interval: Type.Integer({ description: 'Seconds between two polls', examples: [2] }),
  },
  { title: 'CliAuthStarted' },
);
export type CliStarted = Static<typeof CliStartedSchema>;

const code = Type.String({ minLength: 1, maxLength: 64, description: 'The code, case and dashes aside' });

export const CliApproveSchema = Type.Object({
  code,
  comment: Type.Optional(Type.String({ maxLength: 1024, description: "The new token's comment" })),
});
export type CliApprove = Static<typeof CliApproveSchema>;

export const CliApprovedSchema = Type.Object({
  status: Type.Literal('approved'),
  hostname: Type.String({ description: 'The machine the CLI said it runs on' }),
});

export const CliPollSchema = Type.Object({ code, secret: Type.String({ minLength: 1, maxLength: 256 }) });
export type CliPoll = Static<typeof CliPollSchema>;

export const CliPollAnswerSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
    token: Type.Optional(Type.String({ description: 'Once approved, in this one answer: a new user token (X-PlikToken)' })),
  },
  { title: 'CliAuthPoll' },
);
export type CliPollAnswer = Static<typeof CliPollAnswerSchema>;
