/**
 * The network layer under the REST client: which certificates to trust, which proxy to use (an
 * undici dispatcher per connection), and the error for an answer past its bound.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { AppError } from '../../shared/errors.ts';
import { Agent, proxyAgents } from './undici-parts.ts';

export type TlsChoice = { mode: 'system' } | { mode: 'ca-file'; caFile: string } | { mode: 'insecure' };

export interface TransportOptions {
  tls?: TlsChoice;
  /**
   * An explicit proxy for this connection, possibly with a user name (http://jane@proxy:3128);
   * without one, HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply.
   */
  proxyUrl?: string | undefined;
  /** The proxy user's password, looked up when the first request goes out (it lives in the keychain). */
  proxyPassword?: (() => Promise<string | null>) | undefined;
  /** How long a new connection (TCP and TLS) may take: a stalled handshake is given up at the call's deadline. */
  connectTimeoutMs?: number | undefined;
}

export interface TlsConnectOptions {
  ca?: string[];
  rejectUnauthorized: boolean;
  timeout?: number;
}

/**
 * The operating system's store plus Node's bundled roots, plus the profile's own CA file. Node's
 * TLS module is loaded here, not when this module loads: a command line run against an http URL
 * never needs it.
 */
export function trustedCertificates(choice: TlsChoice): string[] {
  const tls = process.getBuiltinModule('node:tls');
  const roots = new Set<string>(tls.getCACertificates('bundled'));
  try {
    for (const certificate of tls.getCACertificates('system')) roots.add(certificate);
  } catch {
    // Some platforms have no readable system store; the bundled roots still apply.
  }
  if (choice.mode === 'ca-file') {
    for (const certificate of readCaFile(choice.caFile)) roots.add(certificate);
  }
  return [...roots];
}

/** The certificates of a PEM file; FILE_ERROR when it cannot be read or holds none. */
export function readCaFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('FILE_ERROR', `The CA file ${path} cannot be read.`, {
      details: { path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' },
    });
  }
  const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certificates) {
    throw new AppError('FILE_ERROR', `The CA file ${path} holds no PEM certificate.`, { details: { path } });
  }
  return certificates;
}

/** What the TLS layer trusts; reads the CA file now, so a bad path is reported at once. */
export function tlsConnectOptions(choice: TlsChoice = { mode: 'system' }): TlsConnectOptions {
  return choice.mode === 'insecure'
    ? { rejectUnauthorized: false }
    : { ca: trustedCertificates(choice), rejectUnauthorized: true };
}

export async function createDispatcher(tls: TlsConnectOptions, options: TransportOptions): Promise<Dispatcher> {
  const tlsOptions = options.connectTimeoutMs === undefined ? tls : { ...tls, timeout: options.connectTimeoutMs };
  if (options.proxyUrl) {
    const proxy = new URL(options.proxyUrl);
    const user = decodeURIComponent(proxy.username);
    const password = user ? await options.proxyPassword?.() : null;
    proxy.username = '';
    const { ProxyAgent } = await proxyAgents();
    return new ProxyAgent({
      uri: proxy.href,
      ...(user ? { token: `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}` } : {}),
      requestTls: tlsOptions,
      connect: tlsOptions,
    });
  }
  if (hasProxyEnvironment()) {
    const { EnvHttpProxyAgent } = await proxyAgents();
    return new EnvHttpProxyAgent({ connect: tlsOptions, requestTls: tlsOptions });
  }
  return new Agent({ connect: tlsOptions });
}

function hasProxyEnvironment(): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => Boolean(process.env[name]));
}

/** A response body that grew past what the app reads for that call. */
export class ResponseTooLarge extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`The response is larger than ${limit} bytes.`);
    this.name = 'ResponseTooLarge';
    this.limit = limit;
  }
}
