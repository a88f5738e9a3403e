/** What a script import says of statements it does not import: in words true of the statement itself. */
import { describe, expect, it } from 'vitest';
import { importScriptText } from '../../src/main/cmdmgr/script-import.ts';

describe('script import wording', () => {
  it('speaks of a password only where the statement has one', () => {
    const result = importScriptText('CONNECT SERVER "bi01" USER "a" PASSWORD "x";\nDISCONNECT SERVER;\n');
    expect(result.notImported[0]?.reason).toContain('the password in it was ignored and stored nowhere');
    expect(result.notImported[1]?.reason).toBe(
      "DISCONNECT is handled by the app's saved environments, which connect and disconnect by themselves.",
    );
    expect(result.notImported[1]?.reason).not.toContain('password');
  });

  it('says when a missing ";" made two statements one', () => {
    const result = importScriptText(
      'PURGE OBJECT CACHING IN ALL PROJECTS\nPURGE ELEMENT CACHING IN ALL PROJECTS;\nPURGE OBJECT CACHING IN ALL PROJECTS;\n',
    );
    expect(result.notImported).toHaveLength(1);
    expect(result.notImported[0]?.reason).toBe(
      'Line 2 starts another statement (PURGE …), but the one before it has no ";": both were read as one and neither was imported. Add the ";" before line 2.',
    );
    expect(result.imported).toHaveLength(1);
  });
});
