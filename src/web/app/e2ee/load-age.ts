// The age code (encryption, decryption, saving) is a chunk of its own, with its own JS budget: loaded on first use.
export const loadAge = () => import('./age');
