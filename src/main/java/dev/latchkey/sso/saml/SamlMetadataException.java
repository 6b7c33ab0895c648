package dev.latchkey.sso.saml;

/**
 * IdP metadata, or a certificate ({@link SamlMetadata#parseCertificate}), that cannot be used. Not an ApiException:
 * the caller picks the error type, since metadata pasted into a request ({@code
 * saml_connection_metadata_invalid_format}) and metadata fetched from a URL ({@code
 * invalid_xml_from_saml_metadata_url}) are reported differently.
 */
public final class SamlMetadataException extends IllegalArgumentException {
    public SamlMetadataException(String message) {
        super(message);
    }
}
