/** Codes in paths and filters: seed keys and the like. */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const CODE_MESSAGE = 'must be a code: lower-case letters, digits and "-", at most 64 characters';
