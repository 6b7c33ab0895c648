package dev.latchkey.organization;

import java.util.List;

/** A search query: operands joined by AND or OR (SPEC §2.7). No operands matches everything. */
public record SearchQuery(boolean or, List<SearchOperand> operands) {
    public static final SearchQuery ALL = new SearchQuery(false, List.of());
}
