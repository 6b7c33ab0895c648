package dev.latchkey.organization;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.store.SqlFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Translates organization search operands (SPEC §6 organizations.search) into SQL filters. */
final class OrganizationSearch {
    private static final int FUZZY_MIN = 3;

    private OrganizationSearch() {}

    static SqlFilter filter(SearchQuery query) {
        List<SqlFilter> parts = new ArrayList<>();
        int i = 0;
        for (SearchOperand op : query.operands()) {
            parts.add(operand(op, "q" + i++));
        }
        return SqlFilter.join(parts, query.or());
    }

    private static SqlFilter operand(SearchOperand op, String bind) {
        if (op.filterName() == null) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SEARCH_MISSING_FILTER_NAME, "Each operand needs a filter_name.");
        }
        JsonNode v = op.filterValue();
        if (v == null || v.isNull()) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SEARCH_MISSING_FILTER_VALUE,
                    "Operand " + op.filterName() + " needs a filter_value.");
        }
        String name = op.filterName();
        return switch (name) {
            case "organization_ids" -> SqlFilter.of("o.id = ANY(:" + bind + ")", bind, strings(name, v));
            case "organization_slugs" -> SqlFilter.of("o.slug = ANY(:" + bind + ")", bind, strings(name, v));
            case "organization_name_fuzzy" ->
                SqlFilter.of(
                        "o.name ILIKE :" + bind,
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.ORGANIZATION_SEARCH_ORGANIZATION_NAME_FUZZY_TOO_SHORT)));
            case "organization_slug_fuzzy" ->
                SqlFilter.of(
                        "o.slug ILIKE :" + bind,
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.ORGANIZATION_SEARCH_ORGANIZATION_SLUG_FUZZY_TOO_SHORT)));
            case "member_emails" ->
                SqlFilter.of(
                        "EXISTS (SELECT 1 FROM members m WHERE m.organization_id = o.id AND m.status <> 'deleted'"
                                + " AND m.email = ANY(:" + bind + "))",
                        bind,
                        lower(strings(name, v)));
            case "member_email_fuzzy" ->
                SqlFilter.of(
                        "EXISTS (SELECT 1 FROM members m WHERE m.organization_id = o.id AND m.status <> 'deleted'"
                                + " AND m.email ILIKE :" + bind + ")",
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.ORGANIZATION_SEARCH_MEMBER_EMAIL_FUZZY_TOO_SHORT)));
            case "allowed_domains" ->
                SqlFilter.of(
                        "jsonb_exists_any(o.settings -> 'email_allowed_domains', :" + bind + ")",
                        bind,
                        lower(strings(name, v)));
            case "allowed_domain_fuzzy" ->
                SqlFilter.of(
                        "EXISTS (SELECT 1 FROM jsonb_array_elements_text(o.settings -> 'email_allowed_domains') d"
                                + " WHERE d ILIKE :" + bind + ")",
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.ORGANIZATION_SEARCH_ALLOWED_DOMAIN_FUZZY_TOO_SHORT)));
            case "claimed_email_domains" ->
                SqlFilter.of(
                        "jsonb_exists_any(o.settings -> 'claimed_email_domains', :" + bind + ")",
                        bind,
                        lower(strings(name, v)));
            // Latchkey has no SSO connections yet: no organization has an active one.
            case "has_active_sso_connection" -> bool(name, v) ? SqlFilter.FALSE : SqlFilter.TRUE;
            case "sso_connection_id" -> {
                string(name, v);
                yield SqlFilter.FALSE;
            }
            default ->
                throw new ApiException(
                        ErrorType.ORGANIZATION_SEARCH_FILTER_NAME_NOT_RECOGNIZED,
                        "filter_name " + name + " is not recognized.");
        };
    }

    private static String[] strings(String name, JsonNode v) {
        if (!v.isArray()) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SEARCH_EXPECTED_ARRAY_OF_STRINGS, name + " expects an array of strings.");
        }
        String[] out = new String[v.size()];
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new ApiException(
                        ErrorType.ORGANIZATION_SEARCH_EXPECTED_ARRAY_OF_STRINGS,
                        name + " expects an array of strings.");
            }
            out[i] = v.get(i).textValue();
        }
        return out;
    }

    private static String[] lower(String[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].trim().toLowerCase(Locale.ROOT);
        }
        return out;
    }

    private static String string(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new ApiException(ErrorType.ORGANIZATION_SEARCH_EXPECTED_STRING, name + " expects a string.");
        }
        return v.textValue();
    }

    private static String fuzzy(String name, JsonNode v, ErrorType tooShort) {
        String s = string(name, v);
        if (s.length() < FUZZY_MIN) {
            throw new ApiException(tooShort, name + " needs at least " + FUZZY_MIN + " characters.");
        }
        return s;
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) {
            throw new ApiException(ErrorType.ORGANIZATION_SEARCH_EXPECTED_BOOLEAN, name + " expects a boolean.");
        }
        return v.booleanValue();
    }
}
