package io.deploymcp.buildkit;

/**
 * What BuildKit's cache holds, summed over its records (Control.DiskUsage).
 *
 * @param records cache records
 * @param bytes their total size
 * @param reclaimableBytes the part not in use by a running build, which a prune could free
 */
public record CacheUsage(int records, long bytes, long reclaimableBytes) {}
