package io.deploymcp.worker.build;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Ships build log lines to Loki through a Loki4j appender (JSON push API, Loki4j's default and
 * zero-dependency encoder) on a logger context of its own: Spring Boot's logging setup never
 * resets it and the worker's own log lines never reach it. Each line becomes one entry of stream
 * {@code {job="build", tenant, project, service}} with structured metadata {@code deployment_id},
 * {@code seq} and {@code stream} (stdout, stderr, step, status), at the line's own time.
 *
 * <p>A Loki outage never slows a build: appending only enqueues; Loki4j's send queue is bounded
 * ({@code sendQueueMaxBytes}), a full queue drops the line and Loki4j counts the drops and reports
 * them in a warning, which is forwarded to the worker's log (and to {@link #warnings()}).
 */
public final class LokiBuildLogShipper implements BuildLogShipper, AutoCloseable {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(LokiBuildLogShipper.class);
  public static final String PUSH_PATH = "/loki/api/v1/push";

  private final LoggerContext context = new LoggerContext();
  private final Loki4jAppender appender = new Loki4jAppender();
  private final Logger logger;
  private final AtomicLong warnings = new AtomicLong();

  /**
   * @param pushUrl Loki's push endpoint; credentials in the user part become Basic auth
   * @param sendQueueMaxBytes the bound of lines waiting to be sent; beyond it lines are dropped
   */
  public LokiBuildLogShipper(String pushUrl, long sendQueueMaxBytes) {
    URI uri = URI.create(pushUrl);
    context.setName("build-log-loki");
    context.start();
    context.getStatusManager().add((StatusListener) this::onStatus);

    PatternLayout message = new PatternLayout();
    message.setContext(context);
    message.setPattern("%msg");
    message.start();

    PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
    http.setUrl(withoutUserInfo(uri));
    if (uri.getRawUserInfo() != null) {
      String[] user = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8).split(":", 2);
      PipelineConfigAppenderBase.BasicAuth auth = new PipelineConfigAppenderBase.BasicAuth();
      auth.setUsername(user[0]);
      auth.setPassword(user.length > 1 ? user[1] : "");
      http.setAuth(auth);
    }
    http.setConnectionTimeoutMs(2_000);
    http.setRequestTimeoutMs(5_000);
    http.setMaxRetries(2);
    PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
    batch.setMaxItems(1_000);
    batch.setTimeoutMs(500);
    batch.setSendQueueMaxBytes(sendQueueMaxBytes);
    // Loki4j's drain waits without bound: a stop must not hang on a Loki outage. PostgreSQL has every line.
    batch.setDrainOnStop(false);

    appender.setContext(context);
    appender.setName("loki");
    appender.setLabels("job=build\ntenant=%mdc{tenant}\nproject=%mdc{project}\nservice=%mdc{service}");
    appender.setStructuredMetadata("deployment_id=%mdc{deployment_id}\nseq=%mdc{seq}\nstream=%mdc{stream}");
    appender.setMessage(message);
    appender.setHttp(http);
    appender.setBatch(batch);
    appender.start();

    logger = context.getLogger("build");
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
  }

  @Override
  public void ship(BuildLogLabels labels, List<ShippedLine> lines) {
    for (ShippedLine line : lines) {
      LoggingEvent event = new LoggingEvent(
          Logger.FQCN, logger, Level.INFO, line.line().line(), null, null);
      event.setInstant(line.at());
      event.setMDCPropertyMap(Map.of(
          "tenant", labels.tenant(),
          "project", labels.project(),
          "service", labels.service(),
          "deployment_id", labels.deploymentId().toString(),
          "seq", Long.toString(line.seq()),
          "stream", line.line().stream()));
      try {
        logger.callAppenders(event);
      } catch (RuntimeException e) {
        warnings.incrementAndGet(); // never the build's problem
      }
    }
  }

  /** Loki4j's warnings and errors so far (dropped lines, failed sends). */
  public long warnings() {
    return warnings.get();
  }

  /** Stops at once: lines still queued are dropped (the log store has them). */
  @Override
  public void close() {
    appender.stop();
    context.stop();
  }

  private void onStatus(Status status) {
    if (status.getLevel() >= Status.WARN) {
      warnings.incrementAndGet();
      log.warn("build log shipping to Loki: {}", status.getMessage());
    }
  }

  private static String withoutUserInfo(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
