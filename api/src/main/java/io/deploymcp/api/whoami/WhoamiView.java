package io.deploymcp.api.whoami;

import java.util.List;

/** Who the API key belongs to and what it may do. */
public record WhoamiView(String tenant, String keyPrefix, String keyName, List<String> scopes) {}
