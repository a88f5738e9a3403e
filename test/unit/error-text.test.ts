/**
 * An error's words fit what was being done: a refused cube action gets the hint for that action
 * (an unload is never told what an activate needs), and "not offered" reads as information.
 */
import { describe, expect, it } from 'vitest';
import { errorText, isInformation } from '../../src/renderer/src/lib/error-text.ts';
import type { ErrorInfo } from '../../src/shared/errors.ts';

const refused: ErrorInfo = { code: 'MANIPULATION_FAILED', message: 'The cube cache is not in memory.' };

describe('errorText', () => {
  it('gives each cube action its own hint', () => {
    const hints = ['activate', 'deactivate', 'load', 'unload', 'delete'].map(
      (action) => errorText(refused, action).next,
    );
    expect(new Set(hints).size).toBe(5);
    expect(errorText(refused, 'unload').next).toContain('unload needs a cache loaded in memory');
    expect(errorText(refused, 'unload').next).not.toContain('activate');
    expect(errorText(refused, 'load').next).toContain('load needs an active cache');
  });

  it('keeps the general words for an action without a hint of its own', () => {
    expect(errorText(refused, 'invalidate')).toEqual(errorText(refused));
  });

  it('treats a view the server does not offer as information, a refusal as an error', () => {
    expect(isInformation('NOT_SUPPORTED')).toBe(true);
    expect(isInformation('MANIPULATION_FAILED')).toBe(false);
  });
});
