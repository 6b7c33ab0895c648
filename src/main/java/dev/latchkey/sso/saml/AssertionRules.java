package dev.latchkey.sso.saml;

import static dev.latchkey.sso.saml.OneLoginServiceProvider.refused;

import dev.latchkey.error.ErrorType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Element;

/**
 * Our checks of a signature-verified Response and its Assertion (SAML profiles §4.1.4.3, "Web Browser SSO" response
 * processing rules), judged at the caller's {@code now}, and the reading of what it asserts.
 */
final class AssertionRules {
    /**
     * How far the IdP's clock may be from ours. Small because it widens every assertion's validity window (and so the
     * replay window), yet enough for two NTP-synchronised hosts; docs/security.md.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    private AssertionRules() {}

    static SamlAssertion check(
            SamlSettings settings, Element response, Element assertion, String expectedRequestId, Instant now) {
        checkIssuers(settings, response, assertion);
        checkDestination(settings, response);
        String inResponseTo = checkInResponseTo(response, expectedRequestId);
        Instant conditionsEnd = checkConditions(settings, assertion, now);
        Instant confirmationEnd = checkSubjectConfirmation(settings, assertion, inResponseTo, now);
        checkSession(assertion, now);

        Element subject = Dom.child(assertion, SecureXml.SAML, "Subject");
        Element nameId = subject == null ? null : Dom.child(subject, SecureXml.SAML, "NameID");
        if (nameId == null || nameId.getTextContent().isBlank()) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Assertion's Subject has no NameID");
        }
        Instant end =
                conditionsEnd == null || confirmationEnd.isBefore(conditionsEnd) ? confirmationEnd : conditionsEnd;
        return new SamlAssertion(
                assertion.getAttribute("ID"),
                response.getAttribute("ID"),
                text(Dom.child(assertion, SecureXml.SAML, "Issuer")),
                nameId.getTextContent().strip(),
                nameId.hasAttribute("Format") ? nameId.getAttribute("Format") : null,
                attributes(assertion),
                end.plus(CLOCK_SKEW),
                inResponseTo);
    }

    /** The Assertion's Issuer is required; the Response's is optional (SAML profiles §4.1.4.2); both must match. */
    private static void checkIssuers(SamlSettings settings, Element response, Element assertion) {
        Element assertionIssuer = Dom.child(assertion, SecureXml.SAML, "Issuer");
        if (assertionIssuer == null || !settings.idpEntityId().equals(text(assertionIssuer))) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Assertion's Issuer is not the connection's IdP");
        }
        Element responseIssuer = Dom.child(response, SecureXml.SAML, "Issuer");
        if (responseIssuer != null && !settings.idpEntityId().equals(text(responseIssuer))) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response's Issuer is not the connection's IdP");
        }
    }

    /**
     * Destination may be absent when only the Assertion is signed (bindings §3.5.5.2 requires it of signed
     * Responses); the bearer Recipient, always required, binds the assertion to our ACS either way.
     */
    private static void checkDestination(SamlSettings settings, Element response) {
        if (response.hasAttribute("Destination")
                && !settings.acceptedDestinations().contains(response.getAttribute("Destination"))) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the Response's Destination is not this connection's ACS");
        }
    }

    private static String checkInResponseTo(Element response, String expectedRequestId) {
        String inResponseTo = response.hasAttribute("InResponseTo") ? response.getAttribute("InResponseTo") : null;
        if (expectedRequestId == null && inResponseTo != null) {
            throw refused(
                    ErrorType.UNSOLICITED_SAML_RESPONSE,
                    "the Response answers an AuthnRequest, but no sign-in was started here");
        }
        if (expectedRequestId != null && !expectedRequestId.equals(inResponseTo)) {
            throw refused(
                    ErrorType.UNSOLICITED_SAML_RESPONSE,
                    "the Response does not answer the AuthnRequest this sign-in sent");
        }
        return inResponseTo;
    }

    /** Conditions: the time window and every AudienceRestriction (each must name us; core §2.5.1.4). */
    private static Instant checkConditions(SamlSettings settings, Element assertion, Instant now) {
        Element conditions = Dom.child(assertion, SecureXml.SAML, "Conditions");
        if (conditions == null) {
            throw refused(ErrorType.INVALID_AUDIENCE_SAML_RESPONSE, "the Assertion has no Conditions");
        }
        checkWindow(conditions, now, "Conditions");
        List<Element> restrictions = Dom.children(conditions, SecureXml.SAML, "AudienceRestriction");
        if (restrictions.isEmpty()) {
            throw refused(ErrorType.INVALID_AUDIENCE_SAML_RESPONSE, "the Assertion names no Audience");
        }
        for (Element restriction : restrictions) {
            boolean ours = Dom.children(restriction, SecureXml.SAML, "Audience").stream()
                    .anyMatch(audience -> settings.acceptedAudiences().contains(text(audience)));
            if (!ours) {
                throw refused(ErrorType.INVALID_AUDIENCE_SAML_RESPONSE, "the Assertion is meant for another audience");
            }
        }
        return instant(conditions, "NotOnOrAfter");
    }

    /**
     * At least one bearer SubjectConfirmation whose data names our ACS as Recipient, answers our request, and is in
     * its time window (profiles §4.1.4.2 requires Recipient and NotOnOrAfter). When none fits, the first bearer
     * confirmation's reason is reported. Returns the accepted confirmation's NotOnOrAfter.
     */
    private static Instant checkSubjectConfirmation(
            SamlSettings settings, Element assertion, String inResponseTo, Instant now) {
        Element subject = Dom.child(assertion, SecureXml.SAML, "Subject");
        List<Element> confirmations = subject == null
                ? List.of()
                : Dom.children(subject, SecureXml.SAML, "SubjectConfirmation").stream()
                        .filter(confirmation -> BEARER.equals(confirmation.getAttribute("Method")))
                        .toList();
        RuntimeException firstReason = null;
        for (Element confirmation : confirmations) {
            try {
                return checkBearer(
                        settings,
                        Dom.child(confirmation, SecureXml.SAML, "SubjectConfirmationData"),
                        inResponseTo,
                        now);
            } catch (RuntimeException reason) {
                firstReason = firstReason == null ? reason : firstReason;
            }
        }
        throw firstReason != null
                ? firstReason
                : refused(ErrorType.INVALID_SAML_RESPONSE, "the Assertion has no bearer SubjectConfirmation");
    }

    private static Instant checkBearer(SamlSettings settings, Element data, String inResponseTo, Instant now) {
        if (data == null || !settings.acceptedDestinations().contains(data.getAttribute("Recipient"))) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the bearer Recipient is not this connection's ACS");
        }
        // Profiles §4.1.4.2: in answer to an AuthnRequest, the (signed) confirmation MUST carry its ID. Requiring it
        // stops an unsigned Response's InResponseTo from passing an IdP-initiated assertion off as solicited.
        String confirmed = data.hasAttribute("InResponseTo") ? data.getAttribute("InResponseTo") : null;
        if (!Objects.equals(confirmed, inResponseTo)) {
            throw refused(
                    ErrorType.UNSOLICITED_SAML_RESPONSE,
                    "the bearer confirmation does not answer the same AuthnRequest as the Response");
        }
        if (!data.hasAttribute("NotOnOrAfter")) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, "the bearer confirmation has no NotOnOrAfter");
        }
        checkWindow(data, now, "SubjectConfirmationData");
        return instant(data, "NotOnOrAfter");
    }

    /** AuthnStatement's SessionNotOnOrAfter: the IdP's own session is over, so the assertion is too. */
    private static void checkSession(Element assertion, Instant now) {
        for (Element statement : Dom.children(assertion, SecureXml.SAML, "AuthnStatement")) {
            Instant sessionEnd = instant(statement, "SessionNotOnOrAfter");
            if (sessionEnd != null && !now.isBefore(sessionEnd.plus(CLOCK_SKEW))) {
                throw refused(ErrorType.EXPIRED_SAML_RESPONSE, "the IdP session of this Assertion has ended");
            }
        }
    }

    private static void checkWindow(Element element, Instant now, String where) {
        Instant notBefore = instant(element, "NotBefore");
        if (notBefore != null && now.isBefore(notBefore.minus(CLOCK_SKEW))) {
            throw refused(ErrorType.NOT_YET_VALID_SAML_RESPONSE, where + " NotBefore is still ahead");
        }
        Instant notOnOrAfter = instant(element, "NotOnOrAfter");
        if (notOnOrAfter != null && !now.isBefore(notOnOrAfter.plus(CLOCK_SKEW))) {
            throw refused(ErrorType.EXPIRED_SAML_RESPONSE, where + " NotOnOrAfter has passed");
        }
    }

    private static Map<String, List<String>> attributes(Element assertion) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : Dom.children(assertion, SecureXml.SAML, "AttributeStatement")) {
            for (Element attribute : Dom.children(statement, SecureXml.SAML, "Attribute")) {
                List<String> values =
                        attributes.computeIfAbsent(attribute.getAttribute("Name"), n -> new ArrayList<>());
                for (Element value : Dom.children(attribute, SecureXml.SAML, "AttributeValue")) {
                    values.add(value.getTextContent().strip());
                }
            }
        }
        attributes.replaceAll((name, values) -> List.copyOf(values));
        return attributes;
    }

    /** An xs:dateTime attribute (SAML core §1.3.3: UTC); null when absent. */
    private static Instant instant(Element element, String attribute) {
        if (!element.hasAttribute(attribute)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(element.getAttribute(attribute).strip()).toInstant();
        } catch (DateTimeException e) {
            throw refused(ErrorType.INVALID_SAML_RESPONSE, attribute + " is not an xs:dateTime");
        }
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().strip();
    }
}
