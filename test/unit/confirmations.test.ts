/** The confirmation rule on its own: what each kind of action needs, and what counts as given. */
import { describe, expect, it } from 'vitest';
import { neededFor, needsAny, requireConfirmations } from '../../src/main/use-cases/confirmations.ts';
import { AppError } from '../../src/shared/errors.ts';

function refusal(check: () => void): AppError {
  try {
    check();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('confirmations', () => {
  it('needs the production names of the environments reached, and the acceptance for an unpublishing action', () => {
    const needed = neededFor(
      [
        { name: 'Dev', tier: 'dev' },
        { name: 'Prod EU', tier: 'prod' },
        { name: 'Prod US', tier: 'production' },
      ],
      true,
    );
    expect(needed).toEqual({ production: ['Prod EU', 'Prod US'], unpublishes: true });
    expect(needsAny(neededFor([{ name: 'Dev', tier: 'dev' }]))).toBe(false);
  });

  it('refuses what is missing with CONFIRMATION_REQUIRED and says how this front end gives it', () => {
    const needed = { production: ['Prod EU', 'Prod US'], unpublishes: true };
    const unpublish = refusal(() => requireConfirmations(needed, { production: true, howToConfirm: 'add --yes' }));
    expect(unpublish.code).toBe('CONFIRMATION_REQUIRED');
    expect(unpublish.message).toMatch(/unpublishes the cubes.*To accept that, add --yes\. Nothing was sent\.$/);
    const unnamed = refusal(() => requireConfirmations(needed, { unpublish: true }));
    expect(unnamed.message).toBe('Prod EU, Prod US is production: type its name to confirm. Nothing was sent.');
    const oneMissing = refusal(() => requireConfirmations(needed, { unpublish: true, typedNames: ['Prod EU'] }));
    expect(oneMissing.message).toBe('The name did not match Prod US. Nothing was sent.');
    const text = { nothing: 'Nothing was installed.' };
    expect(refusal(() => requireConfirmations(needed, { unpublish: true, typedNames: [] }, text)).message).toBe(
      'The name did not match Prod EU. Nothing was installed.',
    );
  });

  it('accepts every name typed (spaces around them aside), the window’s confirmation, and --yes', () => {
    const needed = { production: ['Prod EU'], unpublishes: false };
    expect(() => requireConfirmations(needed, { typedNames: ['  Prod EU '] })).not.toThrow();
    expect(() => requireConfirmations(needed, { production: true })).not.toThrow();
    expect(() => requireConfirmations(needed, {}, {}, true)).not.toThrow();
    expect(() => requireConfirmations({ production: [], unpublishes: true }, {}, {}, true)).toThrow(AppError);
  });
});
