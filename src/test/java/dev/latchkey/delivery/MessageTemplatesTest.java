package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplatesTest {
    private static final MessageTemplates TEMPLATES = new MessageTemplates();
    private static final String LINK =
            "https://app.example.com/authenticate?stytch_token_type=multi_tenant_magic_links&token=tok123";

    @Test
    void renderMagicLinkLoginInEnglishFillsSubjectBodiesAndOutboxFields() {
        EmailMessage m = TEMPLATES.render(
                TemplateKind.MAGIC_LINK_LOGIN,
                "en",
                "ada@acme.test",
                Map.of("organization_name", "Acme", "link", LINK, "expiration_minutes", "60", "token", "tok123"));

        assertThat(m.to()).isEqualTo("ada@acme.test");
        assertThat(m.subject()).isEqualTo("Log in to Acme");
        assertThat(m.text())
                .contains("log in to Acme:\n\n" + LINK + "\n")
                .contains("The link expires in 1 hour and works only once.");
        assertThat(m.html())
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\">")
                .contains("<title>Log in to Acme</title>")
                // the link sits in an attribute, so its '&' must be escaped there
                .contains("href=\"" + LINK.replace("&", "&amp;") + "\"")
                .doesNotContain("{{");
        assertThat(m.link()).isEqualTo(LINK);
        assertThat(m.token()).isEqualTo("tok123");
        assertThat(m.code()).isNull();
    }

    @Test
    void renderInviteInSpanishUsesSpanishTextAndUnits() {
        EmailMessage m = TEMPLATES.render(
                TemplateKind.INVITE,
                "es",
                "ana@acme.test",
                Map.of("organization_name", "Acme", "link", LINK, "expiration_minutes", "10080"));

        assertThat(m.subject()).isEqualTo("Te han invitado a unirte a Acme");
        assertThat(m.text()).contains("Hola:").contains("La invitación caduca en 7 días.");
        assertThat(m.html()).contains("<html lang=\"es\">").contains(">Aceptar invitación</a>");
    }

    @Test
    void renderEmailOtpInBrazilianPortugueseCarriesTheCode() {
        EmailMessage m = TEMPLATES.render(
                TemplateKind.EMAIL_OTP_LOGIN,
                "pt-BR",
                "joao@acme.test",
                Map.of("organization_name", "Acme", "code", "482913", "expiration_minutes", "10"));

        assertThat(m.subject()).isEqualTo("Seu código de acesso a Acme");
        assertThat(m.text()).contains("\n482913\n").contains("O código expira em 10 minutos.");
        assertThat(m.html()).contains(">482913</p>");
        assertThat(m.code()).isEqualTo("482913");
        assertThat(m.link()).isNull();
    }

    @Test
    void renderEscapesValuesInHtmlButNotInText() {
        String name = "<script>alert(\"x\")</script> & O'Brien";
        EmailMessage m = TEMPLATES.render(
                TemplateKind.MAGIC_LINK_SIGNUP,
                "fr",
                "x@acme.test",
                Map.of("organization_name", name, "link", LINK, "expiration_minutes", "60"));

        assertThat(m.html())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien");
        assertThat(m.text()).contains(name);
        assertThat(m.subject()).isEqualTo("Terminez votre inscription à " + name);
    }

    @Test
    void renderSubstitutesOnceSoAValueIsNeverReadAsATemplate() {
        EmailMessage m = TEMPLATES.render(
                TemplateKind.EMAIL_OTP_SIGNUP,
                "en",
                "x@acme.test",
                Map.of("organization_name", "{{code}}", "code", "111222", "expiration_minutes", "5"));

        assertThat(m.subject()).isEqualTo("Your sign-up code for {{code}}");
        assertThat(m.text()).contains("signing up for {{code}} is:");
    }

    @Test
    void renderKeepsTheSubjectOnOneLine() {
        EmailMessage m = TEMPLATES.render(
                TemplateKind.EMAIL_OTP_LOGIN,
                "en",
                "x@acme.test",
                Map.of("organization_name", "Acme\r\nBcc: victim@evil.test", "code", "1", "expiration_minutes", "5"));

        assertThat(m.subject()).isEqualTo("Your login code for Acme Bcc: victim@evil.test");
    }

    @Test
    void renderWhenAValueIsMissingThenNamesIt() {
        assertThatThrownBy(() -> TEMPLATES.render(
                        TemplateKind.DISCOVERY, "en", "x@acme.test", Map.of("expiration_minutes", "60")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'link'");
    }

    @Test
    void renderWhenExpirationIsNotAPositiveNumberThenRejects() {
        assertThatThrownBy(() -> TEMPLATES.render(
                        TemplateKind.DISCOVERY, "en", "x@acme.test", Map.of("link", LINK, "expiration_minutes", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TEMPLATES.render(
                        TemplateKind.DISCOVERY, "en", "x@acme.test", Map.of("link", LINK, "expiration_minutes", "ten")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The security notices (issue 8) carry no link, code or expiry; they are checked on their own below. */
    private static final java.util.Set<TemplateKind> NOTICES = java.util.EnumSet.of(
            TemplateKind.PASSWORD_CHANGED,
            TemplateKind.SECOND_FACTOR_ADDED,
            TemplateKind.SECOND_FACTOR_REMOVED,
            TemplateKind.TOTP_CODE_REPLAYED);

    @Test
    void everyKindRendersInEveryLocaleWithTheSameValues() {
        Map<String, String> values =
                Map.of("organization_name", "Acme", "link", LINK, "code", "123456", "expiration_minutes", "30");
        for (String locale : MessageTemplates.LOCALES) {
            for (TemplateKind kind : TemplateKind.values()) {
                if (NOTICES.contains(kind)) {
                    continue;
                }
                EmailMessage m = TEMPLATES.render(kind, locale, "x@acme.test", values);
                assertThat(m.subject()).as(locale + "/" + kind).isNotBlank().doesNotContain("{{", "\n");
                assertThat(m.text())
                        .as(locale + "/" + kind)
                        .doesNotContain("{{")
                        .contains("30 ");
                assertThat(m.html()).as(locale + "/" + kind).doesNotContain("{{");
                assertThat(m.text() + m.html()).as(locale + "/" + kind).containsAnyOf(LINK, "123456");
            }
        }
    }

    @Test
    void everySecurityNoticeRendersInEveryLocaleNamingTheOrganizationAndTheFactor() {
        Map<String, String> values = Map.of("organization_name", "Acme <Corp>", "factor", "TOTP");
        for (String locale : MessageTemplates.LOCALES) {
            for (TemplateKind kind : NOTICES) {
                EmailMessage m = TEMPLATES.render(kind, locale, "x@acme.test", values);
                String what = locale + "/" + kind;
                assertThat(m.subject()).as(what).contains("Acme <Corp>").doesNotContain("{{", "\n");
                assertThat(m.text()).as(what).contains("Acme <Corp>").doesNotContain("{{");
                assertThat(m.html()).as(what).contains("Acme &lt;Corp&gt;").doesNotContain("{{", "<Corp>");
                if (kind != TemplateKind.PASSWORD_CHANGED) {
                    assertThat(m.text()).as(what).contains("TOTP");
                }
                assertThat(m.link()).as(what).isNull();
            }
        }
    }

    @Test
    void renderSmsInEnglishAndFrench() {
        assertThat(TEMPLATES.renderSms("en", "+15555550100", "123456", 2))
                .isEqualTo(new SmsMessage(
                        "+15555550100", "Your verification code is 123456. It expires in 2 minutes.", "123456"));
        assertThat(TEMPLATES.renderSms("frFR", "+33600000000", "654321", 1).text())
                .isEqualTo("Votre code de vérification est 654321. Il expire dans 1 minute.");
    }

    @Test
    void renderSmsForAnUnknownLocaleFallsBackToEnglish() {
        assertThat(TEMPLATES.renderSms("de-DE", "+495555550100", "123456", 90).text())
                .isEqualTo("Your verification code is 123456. It expires in 90 minutes.");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "pt-br, pt-br",
                "pt-BR, pt-br",
                "ptbr, pt-br",
                "ptBR, pt-br",
                "pt_BR, pt-br",
                "pt, pt-br",
                "es, es",
                "es-MX, es",
                "esMX, es",
                "fr-CA, fr",
                "FR, fr",
                "en-GB, en",
                "deDE, en",
                "de-DE, en",
                "zh-Hans, en",
                "'', en",
                "NULL, en"
            })
    void supportedLocaleAcceptsTheSpellingsSdksSend(String requested, String expected) {
        assertThat(MessageTemplates.supportedLocale(requested)).isEqualTo(expected);
    }
}
