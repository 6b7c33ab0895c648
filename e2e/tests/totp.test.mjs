import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, hotp, totp } from '../lib/totp.mjs';

// RFC 4226 Appendix D: secret "12345678901234567890", counters 0..9.
test('HOTP matches RFC 4226 Appendix D', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.equal(hotp(key, counter), code));
});

// RFC 6238 Appendix B, SHA-1 rows (8 digits); the secret is the same ASCII string, base32-encoded.
test('TOTP matches RFC 6238 Appendix B (SHA-1)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.deepEqual(base32Decode(secret), Buffer.from('12345678901234567890', 'ascii'));
  const rows = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of rows) {
    assert.equal(totp(secret, { timeMs: seconds * 1000, digits: 8 }), code, `T=${seconds}`);
  }
});
