package io.deploymcp.api.problem;

/** One invalid field of a request: its JSON name, its code, what is wrong and what to do. */
public record FieldError(String field, String code, String detail, String hint) {}
