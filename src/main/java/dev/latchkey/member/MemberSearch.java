package dev.latchkey.member;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import dev.latchkey.organization.SearchOperand;
import dev.latchkey.organization.SearchQuery;
import dev.latchkey.store.SqlFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Translates member search operands (SPEC §6 members.search) into SQL filters. */
final class MemberSearch {
    private static final int FUZZY_MIN = 3;
    private static final Set<String> STATUSES = Set.of("pending", "invited", "active", "deleted");

    private MemberSearch() {}

    /** The filter; deleted members are left out unless a {@code statuses} operand asks for them. */
    static SqlFilter filter(SearchQuery query) {
        List<SqlFilter> parts = new ArrayList<>();
        boolean statusFiltered = false;
        int i = 0;
        for (SearchOperand op : query.operands()) {
            statusFiltered |= "statuses".equals(op.filterName());
            parts.add(operand(op, "q" + i++));
        }
        SqlFilter joined = SqlFilter.join(parts, query.or());
        return statusFiltered
                ? joined
                : SqlFilter.join(List.of(joined, new SqlFilter("m.status <> 'deleted'", java.util.Map.of())), false);
    }

    private static SqlFilter operand(SearchOperand op, String bind) {
        if (op.filterName() == null) {
            throw new ApiException(ErrorType.MEMBER_SEARCH_MISSING_FILTER_NAME, "Each operand needs a filter_name.");
        }
        JsonNode v = op.filterValue();
        String name = op.filterName();
        if (v == null || v.isNull()) {
            throw new ApiException(
                    ErrorType.MEMBER_SEARCH_MISSING_FILTER_VALUE, "Operand " + name + " needs a filter_value.");
        }
        return switch (name) {
            case "member_ids" ->
                SqlFilter.of(
                        "(m.id = ANY(:" + bind + ") OR m.external_id = ANY(:" + bind + "))", bind, strings(name, v));
            case "member_emails" -> SqlFilter.of("m.email = ANY(:" + bind + ")", bind, lower(strings(name, v)));
            case "member_email_fuzzy" ->
                SqlFilter.of(
                        "m.email ILIKE :" + bind,
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.MEMBER_SEARCH_MEMBER_EMAIL_FUZZY_TOO_SHORT)));
            case "member_is_breakglass" -> SqlFilter.of("m.is_breakglass = :" + bind, bind, bool(name, v));
            case "statuses" -> {
                String[] statuses = lower(strings(name, v));
                for (String s : statuses) {
                    if (!STATUSES.contains(s)) {
                        throw new ApiException(
                                ErrorType.SEARCH_INVALID_STATUS_FILTER, "'" + s + "' is not a member status.");
                    }
                }
                yield SqlFilter.of("m.status = ANY(:" + bind + ")", bind, statuses);
            }
            case "member_phone_numbers", "member_mfa_phone_numbers" ->
                SqlFilter.of("m.mfa_phone_number = ANY(:" + bind + ")", bind, strings(name, v));
            case "member_phone_number_fuzzy", "member_mfa_phone_number_fuzzy" ->
                SqlFilter.of(
                        "m.mfa_phone_number LIKE :" + bind,
                        bind,
                        SqlFilter.containsPattern(
                                fuzzy(name, v, ErrorType.MEMBER_SEARCH_MEMBER_MFA_PHONE_NUMBER_FUZZY_TOO_SHORT)));
            case "member_roles" ->
                SqlFilter.of(
                        "(m.roles && :" + bind + " OR 'stytch_member' = ANY(:" + bind + "))", bind, strings(name, v));
            case "member_password_exists" -> SqlFilter.of("(m.password_id <> '') = :" + bind, bind, bool(name, v));
            default ->
                throw new ApiException(
                        ErrorType.MEMBER_SEARCH_FILTER_NAME_NOT_RECOGNIZED,
                        "filter_name " + name + " is not recognized.");
        };
    }

    private static String[] strings(String name, JsonNode v) {
        if (!v.isArray()) {
            throw new ApiException(
                    ErrorType.MEMBER_SEARCH_EXPECTED_ARRAY_OF_STRINGS, name + " expects an array of strings.");
        }
        String[] out = new String[v.size()];
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new ApiException(
                        ErrorType.MEMBER_SEARCH_EXPECTED_ARRAY_OF_STRINGS, name + " expects an array of strings.");
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

    private static String fuzzy(String name, JsonNode v, ErrorType tooShort) {
        if (!v.isTextual()) {
            throw new ApiException(ErrorType.MEMBER_SEARCH_EXPECTED_STRING, name + " expects a string.");
        }
        if (v.textValue().length() < FUZZY_MIN) {
            throw new ApiException(tooShort, name + " needs at least " + FUZZY_MIN + " characters.");
        }
        return v.textValue();
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) {
            throw new ApiException(ErrorType.MEMBER_SEARCH_EXPECTED_BOOLEAN, name + " expects a boolean.");
        }
        return v.booleanValue();
    }
}
