package io.deploymcp.api.logs;

/** An answer of GET /v1/services/{name}/logs: a build log page or runtime lines. */
public sealed interface LogsView permits LogPageView, RuntimeLogView {}
