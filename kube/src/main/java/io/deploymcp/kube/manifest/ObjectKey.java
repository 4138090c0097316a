package io.deploymcp.kube.manifest;

/**
 * Identifies one object without its content, e.g. one that must not exist.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code Deployment}
 * @param namespace the namespace
 * @param name the object's name
 */
public record ObjectKey(String apiVersion, String kind, String namespace, String name) {}
