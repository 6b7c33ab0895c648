package dev.latchkey.organization;

import com.fasterxml.jackson.databind.JsonNode;

/** One {@code {filter_name, filter_value}} of a search query, value not yet interpreted. */
public record SearchOperand(String filterName, JsonNode filterValue) {}
