package io.deploymcp.api.registrygc;

import java.util.UUID;

/**
 * One deployment as the inventory weighs it, with its service (a service without deployments is
 * one row with a null {@code deploymentId}). {@code serviceRepository} is where the service's
 * images go by name, {@code dp-<tenant>-<project>/<service>}; the flags say whether this
 * deployment is live in production or preview, is production's rollback target, and has a push
 * in flight.
 */
record InventoryRow(
    UUID serviceId,
    String serviceRepository,
    boolean serviceExists,
    UUID deploymentId,
    String status,
    String imageRef,
    boolean liveProduction,
    boolean livePreview,
    boolean rollbackTarget,
    boolean pushing) {}
