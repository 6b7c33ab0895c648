package dev.latchkey.sso;

/** PEM inputs for SSO tests outside this package. */
public final class SsoTestPem {
    private SsoTestPem() {}

    /** A fresh 2048-bit RSA private key in PKCS#1 PEM. */
    public static String pkcs1() {
        return TestKeys.pkcs1Pem(TestKeys.rsa(2048));
    }

    /** A fresh self-signed certificate in PEM. */
    public static String certificate() {
        return TestKeys.certificatePem("idp");
    }
}
