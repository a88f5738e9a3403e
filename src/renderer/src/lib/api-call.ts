/**
 * Calls into window.api as plain promises: data on success, a UiError carrying the ErrorInfo
 * (code, message, ticketId...) on failure, so screens can show what happened and what to do.
 */
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { Result } from '../../../shared/ipc.ts';

export class UiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new UiError(result.error);
  return result.data;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof UiError) return error.info;
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : 'Something went wrong.' };
}

export const api = (): Window['api'] => window.api;
