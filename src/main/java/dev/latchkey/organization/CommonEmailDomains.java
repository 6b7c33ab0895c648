package dev.latchkey.organization;

import java.util.Locale;
import java.util.Set;

/** Consumer mail providers: never an organization's allowed or claimed domain (SPEC §2.1). */
public final class CommonEmailDomains {
    private static final Set<String> DOMAINS = Set.of(
            "gmail.com",
            "googlemail.com",
            "yahoo.com",
            "ymail.com",
            "hotmail.com",
            "outlook.com",
            "live.com",
            "msn.com",
            "icloud.com",
            "me.com",
            "mac.com",
            "aol.com",
            "protonmail.com",
            "proton.me",
            "pm.me",
            "mail.com",
            "gmx.com",
            "gmx.net",
            "gmx.de",
            "web.de",
            "yandex.com",
            "yandex.ru",
            "zoho.com",
            "qq.com",
            "163.com",
            "126.com",
            "fastmail.com",
            "hey.com",
            "tutanota.com",
            "mail.ru");

    private CommonEmailDomains() {}

    public static boolean isCommon(String domain) {
        return DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
    }
}
