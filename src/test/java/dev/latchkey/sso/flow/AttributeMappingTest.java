package dev.latchkey.sso.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.error.ApiException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The attribute mapping of SSO_OAUTH.md §1.6, without HTTP. */
class AttributeMappingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    @DisplayName("SAML: email, first+last name, multi-valued groups, custom keys into trusted_metadata")
    void samlMapping() {
        SsoIdentity id = AttributeMapping.saml(
                Map.of("email", "mail", "first_name", "fn", "last_name", "ln", "groups", "memberOf", "team", "dept"),
                "nameid-1",
                json("{'mail':'Ada@Acme.Test','fn':'Ada','ln':'Lovelace','memberOf':['a','b'],'dept':'R&D','x':'y'}"));
        assertThat(id.externalId()).isEqualTo("nameid-1");
        assertThat(id.email()).isEqualTo("ada@acme.test");
        assertThat(id.name()).isEqualTo("Ada Lovelace");
        assertThat(id.groups()).containsExactly("a", "b");
        assertThat(id.custom()).isEqualTo(json("{'team':'R&D'}"));
        assertThat(id.raw().get("x").asText()).isEqualTo("y");
    }

    @Test
    @DisplayName("SAML: email mapped to NameID, or the NameID when no email key; a non-address is refused")
    void samlNameId() {
        assertThat(AttributeMapping.saml(Map.of("email", "NameID"), "ada@acme.test", json("{}"))
                        .email())
                .isEqualTo("ada@acme.test");
        assertThat(AttributeMapping.saml(Map.of(), "ada@acme.test", json("{}")).email())
                .isEqualTo("ada@acme.test");
        assertThatThrownBy(() -> AttributeMapping.saml(Map.of("email", "mail"), "ada@acme.test", json("{}")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("no email");
        assertThatThrownBy(() -> AttributeMapping.saml(Map.of(), "opaque-id", json("{}")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    @DisplayName("OIDC: the default mapping reads standard claims; email_verified false and no sub are refused")
    void oidcMapping() {
        SsoIdentity id = AttributeMapping.oidc(
                null, json("{'sub':'s1','email':'g@acme.test','name':'Grace Hopper','groups':['x']}"));
        assertThat(id.externalId()).isEqualTo("s1");
        assertThat(id.name()).isEqualTo("Grace Hopper");
        assertThat(id.groups()).containsExactly("x");
        assertThatThrownBy(() ->
                        AttributeMapping.oidc(null, json("{'sub':'s1','email':'g@acme.test','email_verified':false}")))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).type().wireName())
                .isEqualTo("oidc_response_unverified_email");
        assertThatThrownBy(() -> AttributeMapping.oidc(null, json("{'email':'g@acme.test'}")))
                .extracting(e -> ((ApiException) e).type().wireName())
                .isEqualTo("oidc_response_subject_missing");
        assertThatThrownBy(() -> AttributeMapping.oidc(null, json("{'sub':'s'}")))
                .extracting(e -> ((ApiException) e).type().wireName())
                .isEqualTo("oidc_response_email_missing");
    }
}
