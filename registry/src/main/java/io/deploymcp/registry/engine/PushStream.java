package io.deploymcp.registry.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.Optional;

/**
 * Reads the engine's push progress stream: the manifest digest arrives in an {@code aux} item
 * ({@code {"Tag":…,"Digest":"sha256:…","Size":…}}), a failure as an item with an error — the
 * HTTP status of a push is 200 either way.
 */
final class PushStream extends ResultCallback.Adapter<PushResponseItem> {
  private volatile String digest;
  private volatile String error;

  @Override
  public void onNext(PushResponseItem item) {
    ResponseItem.AuxDetail aux = item.getAux();
    if (aux != null && aux.getDigest() != null) {
      digest = aux.getDigest();
    }
    if (item.isErrorIndicated() && error == null) {
      ResponseItem.ErrorDetail detail = item.getErrorDetail();
      error = detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
    }
  }

  Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  Optional<String> error() {
    return Optional.ofNullable(error);
  }
}
