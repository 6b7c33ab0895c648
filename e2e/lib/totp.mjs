// A minimal RFC 6238 TOTP (HMAC-SHA-1, RFC 4226 dynamic truncation) and RFC 4648 base32, to compute the codes
// an authenticator app would show for the secret the page displays.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 §5.3: HOTP(K, C) = Truncate(HMAC-SHA-1(K, C)) mod 10^digits. */
export function hotp(key, counter, digits = 6) {
  const c = Buffer.alloc(8);
  c.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(c).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4: T = floor((now - T0) / X) with T0 = 0, X = 30 s; {@code stepOffset} moves T. */
export function totp(base32Secret, { timeMs = Date.now(), stepOffset = 0, digits = 6 } = {}) {
  const step = Math.floor(timeMs / 1000 / 30) + stepOffset;
  return hotp(base32Decode(base32Secret), step, digits);
}
