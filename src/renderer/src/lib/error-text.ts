/**
 * Every error code in words an administrator can act on: what happened and the next step. The
 * server's own message and ticketId are shown beside it by the ErrorMessage component.
 */
import type { ErrorCode, ErrorInfo } from '../../../shared/errors.ts';

export interface ErrorText {
  title: string;
  next: string;
}

const TEXTS: Record<ErrorCode, ErrorText> = {
  BAD_URL: {
    title: 'The Library URL is not valid.',
    next: 'Paste the address of the Library, for example https://server/MicroStrategyLibrary.',
  },
  UNREACHABLE: {
    title: 'The server cannot be reached.',
    next: 'Check the URL, your network or VPN, and the proxy setting of the profile.',
  },
  TIMEOUT: {
    title: 'The server did not answer in time.',
    next: 'Try again, or raise the request timeout in the profile.',
  },
  TLS_UNTRUSTED: {
    title: "The server's certificate is not trusted.",
    next: "Add the CA file in the profile's TLS settings.",
  },
  BAD_CREDENTIALS: {
    title: 'Login failed.',
    next: 'Check the user name and password (or API token). A remembered password that failed has been forgotten.',
  },
  LOGIN_MODE_UNSUPPORTED: {
    title: 'This login mode cannot be used here.',
    next: 'Choose standard, LDAP, API token or guest in the profile.',
  },
  SESSION_EXPIRED: { title: 'The session has expired.', next: 'Connect again.' },
  NOT_CONNECTED: { title: 'Not connected.', next: 'Connect to the environment first.' },
  FORBIDDEN_PRIVILEGE: {
    title: 'The user lacks a privilege.',
    next: 'Ask for the "Administer caches" privilege, or use another user.',
  },
  FORBIDDEN: { title: 'Access was denied.', next: 'Check the user’s privileges and access control on the project.' },
  PROJECT_NOT_FOUND: {
    title: 'The project does not exist on the server (or is not loaded).',
    next: 'Refresh the project list.',
  },
  SERVER_TOO_OLD: {
    title: 'This server is too old for REST cache purges.',
    next: 'REST purges need I-Server 11.3.0800 (2021 Update 8) or later; use Command Manager on this server.',
  },
  NOT_A_LIBRARY_SERVER: {
    title: 'This is not a Library REST API answer.',
    next: 'Check the URL (it should end with the Library path), or a proxy or SSO gateway in between.',
  },
  SERVER_ERROR: {
    title: 'The server reported an error.',
    next: 'Try again; if it persists, give the ticketId to your MicroStrategy support.',
  },
  BAD_REQUEST: { title: 'The server refused the request.', next: 'Refresh and try again.' },
  CANCELLED: { title: 'Cancelled.', next: 'Nothing more was sent.' },
  SECRET_REQUIRED: { title: 'A password is needed.', next: 'Enter the password (or API token) to connect.' },
  KEYCHAIN_UNAVAILABLE: {
    title: 'No keychain is available.',
    next: 'Install and start gnome-keyring or KWallet; until then passwords are asked every time.',
  },
  PROFILE_NOT_FOUND: {
    title: 'The environment no longer exists.',
    next: 'It may have been removed from the command line; the list has been refreshed.',
  },
  PROFILE_NAME_TAKEN: { title: 'That name is taken.', next: 'Choose another name for the environment.' },
  PROFILES_CORRUPT: {
    title: 'The profiles file cannot be used.',
    next: 'Update the app, or import the file it was moved to.',
  },
  PRESET_NOT_FOUND: { title: 'The preset no longer exists.', next: 'Refresh the presets.' },
  NOT_SUPPORTED: {
    title: 'This server does not offer this view.',
    next: 'Nothing is wrong with your account or the app; the other features work as usual.',
  },
  NODE_UNAVAILABLE: {
    title: 'The cluster node did not answer.',
    next: 'It may have stopped or been renamed; refresh the node list and try again.',
  },
  CACHE_NOT_FOUND: {
    title: 'The cache no longer exists.',
    next: 'Someone or something removed it in the meantime; refresh the list.',
  },
  MANIPULATION_FAILED: {
    title: 'The server could not change the cube cache.',
    next: 'The message has the server’s reason: activate needs a cache saved to disk, load needs an active one.',
  },
  RESPONSE_TOO_LARGE: {
    title: 'The server sent far more than expected.',
    next: 'Nothing was kept. Check for a proxy or gateway that returns something else, then try again.',
  },
  RESPONSE_TOO_SLOW: {
    title: 'The answer never finished arriving.',
    next: 'Try again; if it persists, a proxy or gateway in between may be stalling the connection.',
  },
  PRESET_NAME_TAKEN: {
    title: 'A preset has this name already.',
    next: 'Choose another name, or remove the old preset.',
  },
  INVALID_NAME: {
    title: 'This name cannot be used.',
    next: 'The message says which character is the problem; remove it (names may not start with "-").',
  },
  SCHEDULE_NOT_FOUND: { title: 'This preset has no schedule.', next: 'Refresh the presets.' },
  SCHEDULER_UNAVAILABLE: {
    title: "This computer's scheduler cannot be used.",
    next: 'The message says why; the copied scheduled command works with any scheduler.',
  },
  SCHEDULER_FAILED: {
    title: 'The scheduler refused the job.',
    next: 'The message has what the scheduler said; check that your account may create scheduled tasks.',
  },
  FILE_ERROR: { title: 'A file could not be read or written.', next: 'Check the path and its permissions.' },
  DATA_FILE_DAMAGED: {
    title: 'A data file cannot be read, so nothing was saved to it.',
    next: 'Fix the file named in the message (or move it away), then try again.',
  },
  DATA_FILE_NEWER: {
    title: 'A data file was written by a newer version of the app.',
    next: 'Update the app; nothing was saved to the file.',
  },
  VALIDATION: { title: 'Some input is not valid.', next: 'Correct the highlighted field.' },
  CONFIRMATION_REQUIRED: { title: 'Confirmation needed.', next: 'Type the environment name to confirm.' },
  FOREIGN_SENDER: { title: 'The request was refused.', next: 'Restart the app.' },
  INTERNAL: { title: 'Something went wrong inside the app.', next: 'Try again; restart the app if it persists.' },
};

export function errorText(info: ErrorInfo): ErrorText {
  const text = TEXTS[info.code] ?? TEXTS.INTERNAL;
  if (info.code === 'TLS_UNTRUSTED' && info.details?.fingerprint256) {
    return {
      ...text,
      next: `${text.next} Compare the certificate fingerprint (SHA-256) with your administrator's: ${String(info.details.fingerprint256)}`,
    };
  }
  return text;
}

export const ERROR_CODES_WITH_TEXT = Object.keys(TEXTS) as ErrorCode[];
