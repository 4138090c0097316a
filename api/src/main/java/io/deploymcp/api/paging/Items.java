package io.deploymcp.api.paging;

import java.util.List;

/** A short, unpaged list (projects, API keys, env names). */
public record Items<T>(List<T> items) {}
