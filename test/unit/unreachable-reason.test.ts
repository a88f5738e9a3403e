/**
 * A connection failure with no system code still says what failed (the deepest cause's words),
 * and never a proxy's user and password that such words may carry.
 */
import { describe, expect, it } from 'vitest';
import { networkFailure } from '../../src/main/mstr/failures.ts';

describe('a server that cannot be reached', () => {
  it('names the system code when there is one', async () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const failure = await networkFailure(error, 'https://mstr.example.com/MicroStrategyLibrary/api', 10_000);
    expect(failure.code).toBe('UNREACHABLE');
    expect(failure.message).toContain('mstr.example.com cannot be reached (ECONNREFUSED)');
  });

  it("gives the deepest cause's words when there is no code, without a proxy's credentials", async () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('tunnel through http://jane:s3cret@proxy.example.com:3128 closed\nat line 2'),
    });
    const failure = await networkFailure(error, 'https://mstr.example.com/MicroStrategyLibrary/api', 10_000);
    expect(failure.code).toBe('UNREACHABLE');
    expect(failure.message).toContain('(tunnel through http://proxy.example.com:3128 closed)');
    expect(failure.message).not.toContain('s3cret');
    expect(JSON.stringify(failure.details)).not.toContain('s3cret');
  });
});
