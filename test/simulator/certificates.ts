/**
 * A throwaway certificate authority for the simulator's HTTPS mode: a CA made at start, a server
 * certificate for 127.0.0.1 / ::1 / localhost signed by it, and a second, unrelated CA that tests
 * use as "the wrong CA file".
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateSet {
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

function newKeyPair(): KeyPairPem {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function baseCertificate(keys: KeyPairPem, commonName: string, days: number): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  certificate.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'MSTR Cache Console test' },
  ]);
  return certificate;
}

function signingKey(keys: KeyPairPem): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(keys.privateKey) as forge.pki.rsa.PrivateKey;
}

export function createCertificateAuthority(commonName = 'Simulator Test CA'): {
  pem: string;
  keys: KeyPairPem;
  certificate: forge.pki.Certificate;
} {
  const keys = newKeyPair();
  const certificate = baseCertificate(keys, commonName, 30);
  certificate.setIssuer(certificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  certificate.sign(signingKey(keys), forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(certificate), keys, certificate };
}

export function createCertificateSet(): CertificateSet {
  const authority = createCertificateAuthority();
  const keys = newKeyPair();
  const certificate = baseCertificate(keys, 'localhost', 7);
  certificate.setIssuer(authority.certificate.subject.attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  certificate.sign(signingKey(authority.keys), forge.md.sha256.create());
  return { caPem: authority.pem, certPem: forge.pki.certificateToPem(certificate), keyPem: keys.privateKey };
}
