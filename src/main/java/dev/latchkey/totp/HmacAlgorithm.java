package dev.latchkey.totp;

/** The HMAC functions RFC 6238 §1.2 allows for TOTP; Latchkey issues SHA1 (what every authenticator app supports). */
public enum HmacAlgorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String jcaName;

    HmacAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    public String jcaName() {
        return jcaName;
    }
}
