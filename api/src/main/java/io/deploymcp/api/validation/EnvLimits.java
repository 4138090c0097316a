package io.deploymcp.api.validation;

/** How many env variables a service may have and how large one value may be. */
public record EnvLimits(int maxVariables, int maxValueBytes) {}
