package io.deploymcp.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How this worker checks repositories out (application.properties maps the environment).
 *
 * @param workspaceDir {@code DP_WORKSPACE_DIR}: holds one directory per deployment being built
 * @param timeout {@code DP_CLONE_TIMEOUT}: the whole clone, after which CLONE_TIMEOUT
 * @param maxSize {@code DP_MAX_CHECKOUT_SIZE}: checked-out files, after which CHECKOUT_TOO_LARGE
 * @param githubAppId {@code GITHUB_APP_ID}: with the key, mints installation tokens
 * @param githubAppPrivateKey {@code GITHUB_APP_PRIVATE_KEY}: PEM, PKCS#1 or PKCS#8
 * @param githubApiUrl {@code GITHUB_API_URL}: GitHub's API (GitHub Enterprise elsewhere)
 * @param githubHost {@code GITHUB_HOST}: the git host whose repos use the App's tokens
 */
@ConfigurationProperties(prefix = "dp.checkout")
public record CheckoutSettings(
    Path workspaceDir,
    Duration timeout,
    DataSize maxSize,
    String githubAppId,
    String githubAppPrivateKey,
    String githubApiUrl,
    String githubHost) {

  public boolean hasGitHubApp() {
    return PlatformSettings.isSet(githubAppId) && PlatformSettings.isSet(githubAppPrivateKey);
  }
}
