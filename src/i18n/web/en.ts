// The web page's words in English: the reference catalogue. Its shape is WebMessages, which every other language's
// catalogue must match key for key (a missing or extra key does not compile; test/i18n checks them at run time too).
// A message with values is a function of them; counts go through `plural`, sizes and dates come formatted.
// A feature's words kept in a `strings` object of its own move here as they are (a string, or a function of its
// values), under a comment naming the feature; the compiler then names every catalogue that lacks them, test/i18n
// every missing key, and the page reads them as t().key where it read strings.key.
import { plurals } from '../plural.js';

export const plural = plurals('en', ['one', 'other']);

const messages = {
  // The frame: header, navigation, footer
  skipToContent: 'Skip to content',
  menu: 'Menu',
  mainNavigation: 'Main',
  navUpload: 'Upload',
  signIn: 'Sign in',
  navAdmin: 'Admin',
  language: 'Language',
  theme: 'Theme',
  themeSystem: 'Auto theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  reportAbuse: (contact: string) => `Report abuse: ${contact}`,
  cliClientsLabel: 'Command-line clients',
  cliClients: 'Command-line client:',
  loadFailed: (reason: string) => `Ferry could not load its settings: ${reason}`,
  notAllowed: 'Not allowed',
  notAllowedText: "This page is for the server's administrators.",
  pageNotFound: 'Page not found',
  goToUploadPage: 'Go to the upload page',
  loading: 'Loading',

  // Shared pieces
  copyLink: 'Copy link',
  copyLinkTo: (what: string) => `Copy link to ${what}`,
  copied: 'Copied',
  copyFailed: 'Copy failed',
  qrCode: 'QR code',
  qrCodeOf: (name: string) => `QR code of ${name}`,
  qrCodeImage: (name: string) => `QR code of the link to ${name}`,
  password: 'Password',
  login: 'Login',
  optional: (label: string) => `${label} (optional)`,
  requiredByServer: (label: string) => `${label} (required by this server)`,
  retry: 'Retry',
  tryAgain: 'Try again',
  remove: 'Remove',
  download: 'Download',
  /** A file's count, "3 files". */
  files: (count: number) => plural(count, { one: '# file', other: '# files' }),
  bytes: (count: string) => `${count} B`,
  bytesPerSecond: (count: string) => `${count} B/s`,
  /** How much of something is done: "42% · 1.2 MB of 3 MB". */
  progress: (percent: string, done: string, total: string) => `${percent} · ${done} of ${total}`,
  /** The files chosen and their total size, "3 files, 12 MB". */
  filesAndSize: (files: string, size: string) => `${files}, ${size}`,

  // The upload page: files
  shareFiles: 'Share files',
  uploadsNeedSignIn: 'This server only accepts uploads from signed-in users.',
  signInToUpload: 'Sign in to upload',
  dropFilesHere: 'Drop files or folders here',
  or: 'or',
  chooseFiles: 'Choose files',
  pasteHint: 'You can also paste files from the clipboard.',
  droppedFolderEmpty: 'Nothing to add: the dropped folder is empty.',
  dropUnreadable: (reason: string) => `What was dropped could not be read: ${reason}`,
  pasteTextAsFile: 'Paste text as a file',
  text: 'Text',
  fileName: 'File name',
  addTextFile: 'Add text file',
  removeFromList: (name: string) => `Remove ${name} from the list`,
  uploadFailed: (reason: string) => `Upload failed: ${reason}`,
  creatingUpload: 'Creating the upload…',
  uploadButton: 'Upload',
  upToPerFile: (size: string) => `Up to ${size} per file.`,
  didNotFinishOne: (name: string) => `${name} did not finish uploading.`,
  didNotFinishMany: (count: number) =>
    plural(count, { one: '# file did not finish uploading.', other: '# files did not finish uploading.' }),
  goOnWithIt: 'Go on with it',
  goOnWithThem: 'Go on with them',

  // The upload page: options
  moreOptions: 'More options',
  oneShot: 'One download only',
  oneShotHint: 'each file can be downloaded once',
  stream: 'Stream',
  streamHint: 'nothing is stored: the file goes straight to the first downloader',
  removable: 'Removable',
  removableHint: 'anyone with the link can remove files',
  extendTtl: 'Extend on access',
  extendTtlHint: 'each visit restarts the lifetime',
  expiresAfter: 'Expires after',
  neverExpiresChoice: 'Never expires',
  downloadLimit: 'Download limit',
  downloadLimitHint: 'Each file is removed after this many downloads.',
  encryptionAtRest: 'Encryption at rest',
  encryptionNone: 'None',
  encryptionServer: "With the server's key",
  encryptionLink: 'With a key that only the link holds',
  uploadPasswordHint: 'People you share the link with need it too.',
  comments: 'Comments (Markdown)',
  preview: 'Preview',

  // The upload page: what to fix before sending
  addAtLeastOneFile: 'Add at least one file.',
  tooManyFiles: (max: number, count: number) =>
    `${plural(max, { one: 'An upload holds at most # file', other: 'An upload holds at most # files' })}; ${plural(count, { one: '# is selected.', other: '# are selected.' })}`,
  fileTooLarge: (name: string, size: string, limit: string) => `${name} is too large (${size}): the limit is ${limit}.`,
  overQuota: (used: string, quota: string, more: string) =>
    `This would go over your quota: ${used} of ${quota} used, ${more} more selected.`,
  passwordRequired: 'This server only accepts uploads protected by a password.',
  downloadLimitRequired: 'This server needs a download limit.',
  downloadLimitWhole: 'The download limit must be a whole number, 1 or more.',
  downloadLimitAtMost: (max: string) => `The download limit can be at most ${max}.`,

  // A file on its way
  uploadOf: (name: string) => `Upload of ${name}`,
  waitingToGoOn: (progress: string) => `Waiting to go on from ${progress}`,
  waitingToStart: 'Waiting to start',
  timeLeft: (duration: string) => `${duration} left`,
  pausedAt: (progress: string) => `Paused at ${progress}`,
  cancelled: 'Cancelled',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  pauseUploadOf: (name: string) => `Pause the upload of ${name}`,
  resumeUploadOf: (name: string) => `Resume the upload of ${name}`,
  cancelUploadOf: (name: string) => `Cancel the upload of ${name}`,

  // Files to finish after a reload
  filesToFinish: (count: number) => plural(count, { one: 'A file to finish', other: '# files to finish' }),
  filesToFinishText: 'Their upload stopped before the end. Choose them again and each goes on from where it stopped.',
  notAFileToFinish: (name: string) => `${name} is not one of the files to finish: it needs the same name, size and modification time.`,
  sentSoFar: (percent: string, sent: string, size: string) => `${percent} sent · ${sent} of ${size}`,
  chooseFileAgain: 'Choose the file again',
  chooseFilesAgain: 'Choose the files again',

  // A protected upload's password prompt
  uploadProtected: 'This upload is protected',
  enterUploadPassword: 'Enter the password its uploader gave you.',
  loginGivenToo: 'I was given a login too',
  checking: 'Checking…',
  open: 'Open',
  wrongPassword: 'Wrong password.',
  wrongLoginOrPassword: 'Wrong login or password.',

  // The share page
  uploadTitle: 'Upload',
  loadingUpload: 'Loading the upload',
  uploadNotFound: 'Upload not found',
  uploadDeleted: 'Upload deleted',
  uploadGone: 'The upload and its files are gone.',
  uploadMissing:
    'This upload does not exist or has expired. Uploads go when their time is up, after their last allowed download, or when their owner deletes them.',
  shareYourOwn: 'Share files of your own',
  somethingWentWrong: 'Something went wrong',
  confirmRemoveFile: (name: string) => `Remove ${name}? Nobody will be able to download it any more.`,
  confirmDeleteUpload: 'Delete this upload and all its files?',
  uploadOptions: 'Upload options',
  badgePassword: 'Password',
  badgeExtended: 'Extended on access',
  badgeEncrypted: 'Encrypted',
  downloadsPerFile: (count: number) => plural(count, { one: '# download per file', other: '# downloads per file' }),
  linkToPage: 'Link to this page',
  thisPage: 'this page',
  shareNeedsPassword: 'People you share it with also need its password.',
  checkFailed: (reason: string) => `Could not check the upload's status: ${reason}. Checking again shortly.`,
  commentsTitle: 'Comments',
  filesTitle: 'Files',
  downloadAllZip: 'Download all as zip',
  deleteUpload: 'Delete upload',
  fileReady: 'The file is ready',
  allFilesReady: 'All files are ready',
  uploadOfAll: 'Upload of all files',
  allFilesProgress: (progress: string) => `All files: ${progress}`,
  unknownType: 'unknown type',
  uploadOfFailed: (name: string, reason: string) => `Upload of ${name} failed: ${reason}`,
  retryUploadOf: (name: string) => `Retry the upload of ${name}`,
  downloadFile: (name: string) => `Download ${name}`,
  removeFile: (name: string) => `Remove ${name}`,

  // A file's state and time left
  statusWaiting: 'waiting for its upload',
  statusReadyToStream: 'ready to stream',
  statusUploading: 'uploading',
  statusReady: 'ready',
  statusDownloaded: 'already downloaded',
  statusRemoved: 'removed',
  downloadsLeft: (count: number) => plural(count, { one: '# download left', other: '# downloads left' }),
  neverExpires: 'never expires',
  expired: 'expired',
  /** `when` is Intl.RelativeTimeFormat's, "in 3 days". */
  expiresIn: (when: string) => `expires ${when}`,

  // Signing in, and approving a command-line client's sign-in
  signInTitle: 'Sign in',
  noAccounts: 'This server has no user accounts: anyone can upload.',
  signInWith: (provider: string) => `Sign in with ${provider}`,
  providerUnavailable: (provider: string) => `${provider} sign-in is not available`,
  singleSignOn: 'single sign-on',
  cliAuthTitle: 'Approve a command-line sign-in',
  cliSignedIn: 'Command-line client signed in',
  cliApprovedOn: (host: string) => `The client on ${host} now has a token of yours; you may close this page.`,
  cliApproved: 'The client now has a token of yours; you may close this page.',
  tokensInAccount: 'Your tokens are listed in your account',
  cliAsks: (login: string) => `A command-line client asks for a token of your account, ${login}.`,
  cliSameCode: 'Approve only if your own terminal shows this same code.',
  cliCode: 'Code',
  tokenComment: 'Token comment',
  approve: 'Approve',
};

export type WebMessages = typeof messages;
export default messages;
