package io.deploymcp.local;

import java.time.Duration;
import java.util.Optional;

/**
 * What the launcher learned while starting, for the banner.
 *
 * @param database one line on where the data lives
 * @param temporal one line on which Temporal is used
 * @param apiReadyAfter from spawning the API until /q/health/ready answered 200
 * @param workerStartedAfter from spawning the worker until it logged that it started
 */
record StackFacts(
    String database,
    String temporal,
    Duration apiReadyAfter,
    Optional<Long> apiRssMib,
    Optional<Duration> workerStartedAfter,
    Optional<Long> workerRssMib) {}
