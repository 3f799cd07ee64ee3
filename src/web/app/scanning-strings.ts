// What the page says of virus scanning (ClamdAddress, GET /config's clamd), in one place for the translations to come.
export const scanningStrings = {
  scanned: 'Files are scanned for viruses before anyone can download them; end-to-end encrypted files cannot be scanned.',
  quarantined: 'in quarantine: found infected, never served',
};
