package io.deploymcp.worker.checkout;

import java.net.URI;

/**
 * A repository URL this worker may fetch. {@code credentialHost} is the lower-case host name
 * (no port) under which a tenant's git token is stored; null for file:// repositories.
 */
public record RepoLocation(URI uri, String credentialHost) {}
