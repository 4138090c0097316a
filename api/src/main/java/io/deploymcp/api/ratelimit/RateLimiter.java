package io.deploymcp.api.ratelimit;

import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.config.ApiConfig;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

/**
 * Per-API-key token buckets shared by every API replica: one row per key in
 * {@code rate_limit_buckets}, taken from by V6's {@code dp_rate_limit_take} under the row's
 * lock, so two replicas give a key one budget, not one each. REST and the MCP endpoint share it
 * too, so a key has one budget whichever door it uses. One statement per request.
 */
@Singleton
public class RateLimiter {
  private final Database db;
  private final int burst;
  private final double perSecond;

  public RateLimiter(Database db, ApiConfig config) {
    this.db = db;
    this.burst = config.rateLimit().burst();
    this.perSecond = config.rateLimit().requestsPerSecond();
  }

  /** Takes one token of the caller's bucket; an empty bucket is 429 RATE_LIMITED with Retry-After. */
  public void take(Caller caller) {
    double waitSeconds = db.read(c -> {
      try (PreparedStatement st = c.prepareStatement("select dp_rate_limit_take(?, ?, ?)")) {
        st.setObject(1, caller.apiKeyId());
        st.setDouble(2, burst);
        st.setDouble(3, perSecond);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getDouble(1);
        }
      }
    });
    if (waitSeconds > 0) {
      long seconds = Math.max(1, (long) Math.ceil(waitSeconds));
      throw new ApiProblem(
          ProblemCode.RATE_LIMITED,
          "API key " + caller.keyPrefix() + " exceeded " + perSecond + " requests per second",
          "Wait " + seconds + " s (Retry-After), then retry.",
          List.of(),
          Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
