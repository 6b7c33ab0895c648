package dev.latchkey.store;

import java.util.List;

/** One page of a search: the items, the total that match, and where the next page starts (or null). */
public record Page<T>(List<T> items, int total, String nextCursor) {}
