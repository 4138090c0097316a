package io.deploymcp.api.webhook;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository URL reduced to what identifies the repository: no scheme, no trailing '/' or
 * ".git", lower case ("https://GitHub.com/Org/App.git/" is "github.com/org/app"), so a push's
 * clone_url matches the URL a service was created with. {@link #SQL} computes the same key in
 * PostgreSQL; migration V3 indexes exactly that expression.
 */
public final class RepoKey {
  private static final String PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*://|(\\.git)?/*$";
  private static final Pattern STRIP = Pattern.compile(PATTERN);

  /** The key of {@code services.repo} (alias {@code s}), identical to the index of migration V3. */
  public static final String SQL = "lower(regexp_replace(s.repo, '" + PATTERN + "', '', 'g'))";

  private RepoKey() {}

  public static String of(String url) {
    return STRIP.matcher(url).replaceAll("").toLowerCase(Locale.ROOT);
  }
}
