/**
 * When a server's certificate is not trusted, fetches it once more without verification so the
 * error can name it (subject, issuer, SHA-256 fingerprint): an admin compares the fingerprint
 * before adding the CA file, rather than switching verification off.
 */
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';

export interface CertificateFacts {
  subject: string;
  issuer: string;
  fingerprint256: string;
  validTo: string;
}

/** Error codes Node reports for a certificate it will not trust. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isUntrustedCertificateCode(code: string | undefined): boolean {
  return code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code);
}

export function probeCertificate(url: string, timeoutMs = 5000): Promise<CertificateFacts | null> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // Loaded only here: most runs never probe a certificate.
    const socket = process.getBuiltinModule('node:tls').connect({
      host,
      port: Number(port || 443),
      servername: isIP(host) === 0 ? host : undefined,
      rejectUnauthorized: false,
    });
    const finish = (facts: CertificateFacts | null): void => {
      socket.destroy();
      resolve(facts);
    };
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.once('error', () => finish(null));
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      if (!certificate || !certificate.fingerprint256) return finish(null);
      finish({
        subject: describeName(certificate.subject),
        issuer: describeName(certificate.issuer),
        fingerprint256: certificate.fingerprint256,
        validTo: certificate.valid_to,
      });
    });
  });
}

function describeName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}
