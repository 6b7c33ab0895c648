package dev.latchkey.sso.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one SAML connection trusts and how it is reached: the values a response is checked against and the ones an
 * AuthnRequest is built from.
 *
 * @param spEntityId our entity id (the connection's {@code audience_uri}), the Issuer of our AuthnRequests
 * @param acceptedAudiences every Audience a response may name: {@code audience_uri} plus {@code
 *     alternative_audience_uri} when set
 * @param acsUrl where the AuthnRequest asks the IdP to post the response ({@code alternative_acs_url} if set)
 * @param acceptedDestinations every URL the response's Destination and the SubjectConfirmationData's Recipient may
 *     name: {@code acs_url} plus {@code alternative_acs_url}
 * @param idpEntityId the Issuer every response and assertion must carry
 * @param idpSsoUrl the IdP's single sign-on endpoint (HTTP-Redirect binding)
 * @param idpCertificates the only keys a response signature may verify with; a certificate inside the response
 *     (KeyInfo) is never trusted
 * @param spSigningKey signs our AuthnRequests; null sends them unsigned
 * @param spSigningCertificate the certificate of {@code spSigningKey}, published to the IdP
 * @param nameIdFormat the NameIDPolicy Format we ask for; null leaves it to the IdP
 */
public record SamlSettings(
        String spEntityId,
        List<String> acceptedAudiences,
        String acsUrl,
        List<String> acceptedDestinations,
        String idpEntityId,
        String idpSsoUrl,
        List<X509Certificate> idpCertificates,
        PrivateKey spSigningKey,
        X509Certificate spSigningCertificate,
        String nameIdFormat) {

    /** Null or blank entries (an alternative that is not set) are dropped from the two lists of accepted values. */
    public SamlSettings {
        acceptedAudiences = present(acceptedAudiences);
        acceptedDestinations = present(acceptedDestinations);
        idpCertificates = List.copyOf(idpCertificates);
    }

    private static List<String> present(List<String> values) {
        return values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }
}
