/** The REST client's public surface for the services above it. */
export {
  MstrClient,
  DEFAULT_TIMEOUT_MS,
  type Credentials,
  type MstrClientOptions,
  newTrace,
  type CallTrace,
  type SessionSnapshot,
  type CubeInfo,
  type JobState,
  type FoundObject,
  type PublishAnswer,
} from './client.ts';
export { parseLibraryUrl, type LibraryUrl } from '../../shared/library-url.ts';
export { supportsRestPurge, MIN_PURGE_VERSION } from './server-version.ts';
export type { TlsChoice } from './transport.ts';
