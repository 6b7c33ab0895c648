package dev.latchkey.sso;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.sso.saml.SamlMetadata;
import dev.latchkey.sso.saml.SamlMetadataException;

/**
 * Reads an IdP's SAML 2.0 metadata document from the URL an admin gave ({@code updateByURL}): fetched within
 * {@link RemoteDocuments}' bounds, parsed by {@link SamlMetadata} (no DOCTYPE, so no entity of the document is ever
 * resolved or fetched), and required to name an entity id, an SSO URL and a signing certificate.
 */
public final class SamlMetadataFetcher {
    private final RemoteDocuments remote = new RemoteDocuments();

    /**
     * The metadata at {@code url}. Raises {@code invalid_saml_metadata_url} when it cannot be fetched,
     * {@code invalid_xml_from_saml_metadata_url} when it is not acceptable metadata XML (a DOCTYPE included), and
     * {@code saml_connection_metadata_invalid_format} when it lacks an SSO URL or a signing certificate.
     */
    SamlMetadata fetch(String url, boolean httpsOnly) {
        String xml;
        try {
            xml = remote.fetch(url, httpsOnly);
        } catch (RemoteDocuments.FetchFailed e) {
            throw new ApiException(ErrorType.INVALID_SAML_METADATA_URL, "metadata_url: " + e.getMessage() + ".");
        }
        SamlMetadata m;
        try {
            m = SamlMetadata.parse(xml);
        } catch (SamlMetadataException e) {
            throw new ApiException(
                    ErrorType.INVALID_XML_FROM_SAML_METADATA_URL,
                    "The metadata at metadata_url: " + e.getMessage() + ".");
        }
        if (m.ssoUrl() == null
                || m.ssoUrl().isEmpty()
                || m.signingCertificates().isEmpty()) {
            throw new ApiException(
                    ErrorType.SAML_CONNECTION_METADATA_INVALID_FORMAT,
                    "The metadata needs a SingleSignOnService (HTTP-Redirect or HTTP-POST) and a signing certificate.");
        }
        return m;
    }
}
