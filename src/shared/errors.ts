/**
 * Error values shared by every process: a stable code the UI and the command line can act on,
 * plus the server's own details (HTTP status, MicroStrategy code, ticketId) when there are any.
 * Messages never carry secrets; callers build them from safe facts only.
 */

export const ERROR_CODES = [
  'BAD_URL',
  'UNREACHABLE',
  'TIMEOUT',
  'TLS_UNTRUSTED',
  'BAD_CREDENTIALS',
  'LOGIN_MODE_UNSUPPORTED',
  'SESSION_EXPIRED',
  'NOT_CONNECTED',
  'FORBIDDEN_PRIVILEGE',
  'FORBIDDEN',
  'PROJECT_NOT_FOUND',
  'SERVER_TOO_OLD',
  'NOT_SUPPORTED',
  'NODE_UNAVAILABLE',
  'CACHE_NOT_FOUND',
  'MANIPULATION_FAILED',
  'NOT_A_LIBRARY_SERVER',
  'SERVER_ERROR',
  'RESPONSE_TOO_LARGE',
  'RESPONSE_TOO_SLOW',
  'BAD_REQUEST',
  'CANCELLED',
  'SECRET_REQUIRED',
  'KEYCHAIN_UNAVAILABLE',
  'PROFILE_NOT_FOUND',
  'PROFILE_NAME_TAKEN',
  'PROFILES_CORRUPT',
  'PRESET_NOT_FOUND',
  'PRESET_NAME_TAKEN',
  'INVALID_NAME',
  'SCHEDULE_NOT_FOUND',
  'SCHEDULER_UNAVAILABLE',
  'SCHEDULER_FAILED',
  'FILE_ERROR',
  'DATA_FILE_DAMAGED',
  'DATA_FILE_NEWER',
  'VALIDATION',
  'CONFIRMATION_REQUIRED',
  'FOREIGN_SENDER',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What the server said about a failure, when it said anything usable. */
export interface ServerErrorFacts {
  httpStatus?: number;
  mstrCode?: string;
  iServerCode?: number;
  ticketId?: string;
}

/** Extra machine-readable facts; only plain, secret-free values. */
export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

/** The serialisable form that crosses IPC and is printed by the command line with --json. */
export interface ErrorInfo extends ServerErrorFacts {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly facts: ServerErrorFacts;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { facts?: ServerErrorFacts; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.facts = options.facts ?? {};
    this.details = options.details;
  }

  toInfo(): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...this.facts,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Any thrown value as an ErrorInfo; unknown failures become INTERNAL without leaking their text. */
export function toErrorInfo(value: unknown): ErrorInfo {
  if (isAppError(value)) return value.toInfo();
  return { code: 'INTERNAL', message: 'An unexpected internal error occurred.' };
}
