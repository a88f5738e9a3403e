/** Keychain access for tests: a private keyring is required on Linux (npm scripts provide one). */
import { randomUUID } from 'node:crypto';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';

export function privateKeyringStore(): KeychainSecretStore {
  if (process.platform === 'linux' && process.env.MSTR_PRIVATE_KEYRING !== '1') {
    throw new Error(
      'Keychain tests run only inside a private keyring: use `npm run test:unit` (scripts/with-keyring.mjs), never your login keyring.',
    );
  }
  return new KeychainSecretStore(`MSTR Cache Console test ${randomUUID()}`);
}
