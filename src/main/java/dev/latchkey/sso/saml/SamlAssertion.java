package dev.latchkey.sso.saml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a validated SAML response says, read only from the one signed assertion.
 *
 * @param assertionId the Assertion's ID: the flow records it until {@code notOnOrAfter} to refuse replays
 * @param responseId the Response's ID; not covered by a signature when only the Assertion is signed, so never the
 *     key for replay detection
 * @param issuer the IdP entity id (already checked against the settings)
 * @param nameId the Subject's NameID value
 * @param nameIdFormat its Format, or null when the IdP gave none
 * @param attributes every Attribute by Name, values in document order (multi-valued attributes keep all values)
 * @param notOnOrAfter the instant from which this assertion is refused as expired anyway (its earliest NotOnOrAfter,
 *     Conditions or bearer SubjectConfirmationData, plus the clock skew): remember its ID at least until then
 * @param inResponseTo the AuthnRequest ID it answers, or null when IdP-initiated
 */
public record SamlAssertion(
        String assertionId,
        String responseId,
        String issuer,
        String nameId,
        String nameIdFormat,
        Map<String, List<String>> attributes,
        Instant notOnOrAfter,
        String inResponseTo) {

    public SamlAssertion {
        attributes = Map.copyOf(attributes);
    }

    /** The first value of an attribute, or null when it is absent or empty. */
    public String firstValue(String attributeName) {
        List<String> values = attributes.get(attributeName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
