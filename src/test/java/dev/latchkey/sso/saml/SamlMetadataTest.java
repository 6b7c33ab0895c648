package dev.latchkey.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.testidp.TestSamlIdp;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Reading IdP metadata: entity id, SSO URL, signing certificates; never a DTD. */
class SamlMetadataTest {
    static final TestSamlIdp IDP = SamlServiceProviderTest.IDP;

    @Test
    void parseReadsEntityIdRedirectSsoUrlAndSigningCertificate() {
        SamlMetadata metadata = SamlMetadata.parse(IDP.metadataXml());

        assertThat(metadata.entityId()).isEqualTo(IDP.entityId());
        assertThat(metadata.ssoUrl()).isEqualTo(IDP.ssoUrl());
        assertThat(metadata.signingCertificates()).containsExactly(IDP.certificate());
    }

    @Test
    void parseWhenInsideEntitiesDescriptorWithXmlDeclarationThenFindsTheIdp() {
        String wrapped = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + IDP.metadataXml().replace(" xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"", "")
                + "</md:EntitiesDescriptor>";

        assertThat(SamlMetadata.parse(wrapped).entityId()).isEqualTo(IDP.entityId());
    }

    @Test
    void parseWhenOnlyPostBindingThenUsesIt() {
        String postOnly = IDP.metadataXml()
                .replaceFirst("<md:SingleSignOnService Binding=\"[^\"]*HTTP-Redirect\" Location=\"[^\"]*\"/>", "")
                .replace("Location=\"" + IDP.ssoUrl() + "\"", "Location=\"https://idp.example.test/post\"");

        assertThat(SamlMetadata.parse(postOnly).ssoUrl()).isEqualTo("https://idp.example.test/post");
    }

    @Test
    void parseIgnoresEncryptionKeys() {
        String encryptionOnly = IDP.metadataXml().replace("use=\"signing\"", "use=\"encryption\"");

        assertThat(SamlMetadata.parse(encryptionOnly).signingCertificates()).isEmpty();
    }

    @Test
    void parseWhenExternalEntityThenRefuses() {
        String xxe = "<!DOCTYPE md:EntityDescriptor [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + IDP.metadataXml().replace(IDP.entityId(), "&xxe;");

        assertThatThrownBy(() -> SamlMetadata.parse(xxe))
                .isInstanceOf(SamlMetadataException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void parseWhenBillionLaughsThenRefuses() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";

        assertThatThrownBy(() -> SamlMetadata.parse(laughs)).isInstanceOf(SamlMetadataException.class);
    }

    @Test
    void parseWhenNoIdpDescriptorThenRefuses() {
        String spOnly = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"
                + "</md:EntityDescriptor>";

        assertThatThrownBy(() -> SamlMetadata.parse(spOnly))
                .isInstanceOf(SamlMetadataException.class)
                .hasMessageContaining("IDPSSODescriptor");
    }

    @Test
    void parseWhenNotXmlOrEmptyThenRefuses() {
        assertThatThrownBy(() -> SamlMetadata.parse("not xml")).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parse("  ")).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parse(null)).isInstanceOf(SamlMetadataException.class);
    }

    @Test
    void parseCertificateReadsPemAndBareBase64() {
        assertThat(SamlMetadata.parseCertificate(IDP.certificatePem())).isEqualTo(IDP.certificate());
        assertThat(SamlMetadata.parseCertificate(IDP.certificateBase64())).isEqualTo(IDP.certificate());
        assertThat(SamlMetadata.parseCertificate(IDP.certificatePem().replace("\n", "\r\n")))
                .isEqualTo(IDP.certificate());
    }

    @Test
    void parseCertificateWhenNotOneCertificateThenRefuses() {
        String twoPems = IDP.certificatePem() + IDP.withNewKey().certificatePem();
        String twoDers = Base64.getEncoder()
                .encodeToString(concat(IDP.certificate(), IDP.withNewKey().certificate()));
        String privateKey = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> SamlMetadata.parseCertificate(twoPems)).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parseCertificate(twoDers)).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parseCertificate(privateKey)).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parseCertificate("")).isInstanceOf(SamlMetadataException.class);
        assertThatThrownBy(() -> SamlMetadata.parseCertificate("bm90IGEgY2VydA=="))
                .isInstanceOf(SamlMetadataException.class);
    }

    @Test
    void parseWhenCertificateIsGarbageThenRefuses() {
        String garbage = IDP.metadataXml().replace(IDP.certificateBase64(), "bm90IGEgY2VydA==");

        assertThatThrownBy(() -> SamlMetadata.parse(garbage)).isInstanceOf(SamlMetadataException.class);
    }

    private static byte[] concat(X509Certificate first, X509Certificate second) {
        try {
            byte[] a = first.getEncoded();
            byte[] b = second.getEncoded();
            byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
