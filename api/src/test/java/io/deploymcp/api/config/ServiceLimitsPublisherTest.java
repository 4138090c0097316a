package io.deploymcp.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.deploymcp.api.support.Db;
import io.deploymcp.api.support.TestStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The API's per-service maximum is in the database for the worker once the API has started. */
@QuarkusTest
@WithTestResource(TestStack.class)
class ServiceLimitsPublisherTest {
  @Inject DataSource dataSource;
  @Inject ApiConfig config;
  @Inject ServiceLimitsPublisher publisher;

  @Test
  void theStartPublishedTheMaximumServicesAreValidatedWith() {
    Db db = new Db(dataSource);

    assertThat(db.one("select value ->> 'cpu_max' from published_settings where name = 'service_limits'"))
        .isEqualTo(config.limits().cpuMax());
    assertThat(db.one("select value ->> 'memory_max' from published_settings where name = 'service_limits'"))
        .isEqualTo(config.limits().memoryMax());
    assertThat(db.one("select published_by from published_settings where name = 'service_limits'")).isEqualTo("api");
  }

  @Test
  void aLaterStartReplacesWhatAnEarlierConfigurationPublished() {
    Db db = new Db(dataSource);
    db.update("update published_settings set value = '{\"cpu_max\": \"1\", \"memory_max\": \"1Gi\"}' where name = 'service_limits'");

    publisher.publish();

    assertThat(db.count("select count(*) from published_settings where name = 'service_limits'")).isEqualTo(1);
    assertThat(db.one("select value ->> 'memory_max' from published_settings where name = 'service_limits'"))
        .isEqualTo(config.limits().memoryMax());
  }
}
