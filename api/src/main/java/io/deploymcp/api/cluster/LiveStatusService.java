package io.deploymcp.api.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.service.EnvironmentView;
import io.deploymcp.api.service.ServiceEnvironments;
import io.deploymcp.api.service.ServiceView;
import io.deploymcp.kube.spec.DeployEnvironment;
import io.deploymcp.kube.spec.ProjectRef;
import io.deploymcp.kube.status.LiveStatusReader;
import io.deploymcp.kube.status.WorkloadState;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Adds the cluster's view (replicas, pods, restarts, reasons) to each environment of a service.
 * Reads are shared for {@code dp.cluster.status-ttl} (5 s) per service, failures included, so a
 * busy agent polling {@code get_service} costs the API server two requests per service per TTL
 * and a cluster outage does not make every GET wait for a timeout. A failure never fails the
 * GET: the environments say {@code unavailable} with a reason.
 */
@Singleton
public class LiveStatusService {
  private static final Logger LOG = Logger.getLogger(LiveStatusService.class);

  /**
   * One service's reading: both environments, or why there is none; {@code states} as read
   * (empty when nothing could be read).
   */
  private record Reading(
      Map<DeployEnvironment, LiveStatusView> environments, Map<DeployEnvironment, WorkloadState> states) {}

  private record Key(String tenant, String project, String service) {}

  private final ClusterClient cluster;
  private final Clock clock;
  private final Cache<Key, Reading> cache;

  public LiveStatusService(ClusterClient cluster, ClusterSettings settings) {
    this.cluster = cluster;
    this.clock = Clock.systemUTC();
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(settings.statusTtl())
        .maximumSize(10_000)
        .build();
  }

  /** {@code view} with each environment's live status. */
  public ServiceView withLive(Caller caller, ServiceView view) {
    Reading reading = read(caller.tenantName(), view.project(), view.name());
    ServiceEnvironments environments = view.environments();
    return view.withEnvironments(new ServiceEnvironments(
        with(environments.production(), reading.environments().get(DeployEnvironment.PRODUCTION)),
        with(environments.preview(), reading.environments().get(DeployEnvironment.PREVIEW))));
  }

  /**
   * The environment's workload as the cluster shows it (from the same short-lived cache as
   * {@link #withLive}); empty without a cluster or when it could not be read. The deploy wait
   * uses it to tell applying from rolling out.
   */
  public Optional<WorkloadState> workload(
      String tenant, String project, String service, DeployEnvironment environment) {
    return Optional.ofNullable(read(tenant, project, service).states().get(environment));
  }

  private static EnvironmentView with(EnvironmentView environment, LiveStatusView live) {
    return environment.withLive(live);
  }

  private Reading read(String tenant, String project, String service) {
    if (cluster.client().isEmpty()) {
      return both(LiveStatusView.notConfigured(cluster.notConfiguredReason()));
    }
    // get() loads once per key: concurrent GETs of one service wait for the same read.
    return cache.get(new Key(tenant, project, service), key -> load(key));
  }

  private Reading load(Key key) {
    try {
      Map<DeployEnvironment, WorkloadState> states = new LiveStatusReader(cluster.client().orElseThrow(), clock)
          .read(new ProjectRef(key.tenant(), key.project()), key.service());
      Map<DeployEnvironment, LiveStatusView> views = new EnumMap<>(DeployEnvironment.class);
      states.forEach((environment, state) -> views.put(environment, LiveStatusView.of(state)));
      return new Reading(views, Map.copyOf(states));
    } catch (RuntimeException e) {
      String reason = ClusterErrors.describe(e);
      LOG.warnf("live status of service %s could not be read: %s", key.service(), reason);
      return both(LiveStatusView.unavailable(reason, clock.instant()));
    }
  }

  private static Reading both(LiveStatusView view) {
    Map<DeployEnvironment, LiveStatusView> views = new EnumMap<>(DeployEnvironment.class);
    views.put(DeployEnvironment.PRODUCTION, view);
    views.put(DeployEnvironment.PREVIEW, view);
    return new Reading(views, Map.of());
  }
}
