import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Provider keys and certificates come from configuration, never from the repository: no committed
 * file is a key or certificate file, and no tracked text holds a PEM key or certificate, or the
 * base64 DER of one (RSA keys and X.509 certificates start `MII`). The fakes make theirs at start.
 */
describe('the repository holds no provider key or certificate', () => {
  it('no key or certificate file, and no PEM or base64 DER key in any tracked file', () => {
    const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => /\.(pem|key|p12|pfx|crt|cer|der)$/i.test(f))).toEqual([]);
    // Spelled in parts, so this file does not match itself.
    const dashes = '-'.repeat(5);
    const secret = new RegExp(
      [`${dashes}BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY${dashes}`, `${dashes}BEGIN CERTIFICATE${dashes}`, 'M' + 'II[A-Za-z0-9+/]{60}'].join('|'),
    );
    const holding = files.filter((f) => {
      if (/\.(png|jpg|jpeg|gif|ico|woff2?|zip|gz)$/i.test(f) || f === 'pnpm-lock.yaml') return false;
      return secret.test(readFileSync(join(root, f), 'latin1'));
    });
    expect(holding).toEqual([]);
  });
});
