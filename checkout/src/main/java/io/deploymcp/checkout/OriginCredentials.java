package io.deploymcp.checkout;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * The repository's username and token, given to JGit only for the repository's own scheme, host
 * and port. JGit asks its credentials provider again after a redirect to another host (and
 * {@code UsernamePasswordCredentialsProvider} answers for any URL), so without this a
 * redirect plus a 401 would carry the token to whoever the redirect names.
 */
final class OriginCredentials extends CredentialsProvider {
  private final Origin origin;
  private final GitAuth auth;

  OriginCredentials(Origin origin, GitAuth auth) {
    this.origin = origin;
    this.auth = auth;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    for (CredentialItem item : items) {
      if (!(item instanceof CredentialItem.Username || item instanceof CredentialItem.Password)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    if (!Origin.of(uri).equals(origin)) {
      return false;
    }
    for (CredentialItem item : items) {
      if (item instanceof CredentialItem.Username username) {
        username.setValue(auth.username());
      } else if (item instanceof CredentialItem.Password password) {
        password.setValue(auth.token().toCharArray());
      } else {
        // e.g. "trust this certificate?": never yes.
        return false;
      }
    }
    return true;
  }
}
