/** The Library's authentication and session calls: /api/auth/login, /api/auth/logout, /api/sessions. */
import { AppError } from '../../../shared/errors.ts';
import { LOGIN_MODE_NUMBERS, type SessionInfo } from '../../../shared/model.ts';
import type { Credentials, LibraryConnection } from '../core/connection.ts';
import { readSessionInfo } from '../responses.ts';

function loginBody(credentials: Credentials): Record<string, unknown> {
  const loginMode = LOGIN_MODE_NUMBERS[credentials.loginMode];
  switch (credentials.loginMode) {
    case 'guest':
      return { loginMode };
    case 'api-token':
      if (!credentials.secret) throw new AppError('SECRET_REQUIRED', 'An API token is needed to log in.');
      return { loginMode, username: credentials.secret };
    default:
      if (!credentials.username) throw new AppError('SECRET_REQUIRED', 'A user name is needed to log in.');
      return { loginMode, username: credentials.username, password: credentials.secret ?? '' };
  }
}

/** A new session in a fresh cookie jar; a login is never sent twice. */
export async function login(connection: LibraryConnection, credentials: Credentials): Promise<void> {
  const json = loginBody(credentials);
  connection.forgetSession();
  const reply = await connection.send('login', 'post', 'auth/login', { json, authenticated: false, expectBody: false });
  const token = reply.header('x-mstr-authtoken');
  if (!token) {
    throw new AppError(
      'NOT_A_LIBRARY_SERVER',
      `The login answered HTTP ${reply.status} without an X-MSTR-AuthToken header; this does not look like a Library server.`,
      { facts: { httpStatus: reply.status } },
    );
  }
  connection.adoptSession(token);
}

/** Ends the server session; a session the server already forgot counts as logged out. */
export async function logout(connection: LibraryConnection): Promise<void> {
  if (connection.token === null) return;
  try {
    await connection.send('logout', 'post', 'auth/logout', { authenticated: true, expectBody: false });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'SESSION_EXPIRED')) throw error;
  } finally {
    connection.forgetSession();
  }
}

export async function sessionInfo(connection: LibraryConnection): Promise<SessionInfo> {
  return readSessionInfo((await connection.call('session', 'get', 'sessions')).json);
}

export async function extendSession(connection: LibraryConnection): Promise<void> {
  await connection.call('session', 'put', 'sessions', { expectBody: false });
}
