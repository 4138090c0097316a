package io.deploymcp.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** RFC 9457 problem details, extended with {@code code}, {@code hint} and field errors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String hint,
    String field,
    List<FieldError> errors) {}
