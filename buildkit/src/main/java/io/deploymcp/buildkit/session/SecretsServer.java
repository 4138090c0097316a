package io.deploymcp.buildkit.session;

import com.google.protobuf.ByteString;
import io.deploymcp.buildkit.proto.secrets.GetSecretRequest;
import io.deploymcp.buildkit.proto.secrets.GetSecretResponse;
import io.deploymcp.buildkit.proto.secrets.SecretsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/**
 * {@code moby.buildkit.secrets.v1.Secrets}: hands a build secret to the daemon when a
 * {@code RUN --mount=type=secret,id=...} step needs it. Values travel only inside the session,
 * never in the build graph, frontend attributes or cache keys; errors name the id only.
 */
public final class SecretsServer extends SecretsGrpc.SecretsImplBase {
  public static final String GET_SECRET_METHOD = "/moby.buildkit.secrets.v1.Secrets/GetSecret";

  private final Map<String, byte[]> secrets;

  public SecretsServer(Map<String, byte[]> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  @Override
  public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> response) {
    byte[] value = secrets.get(request.getID());
    if (value == null) {
      // NOT_FOUND is what BuildKit's own provider answers; the daemon then skips an optional
      // mount or fails a required one with the id in its message.
      response.onError(Status.NOT_FOUND.withDescription("secret " + request.getID() + " not found").asRuntimeException());
      return;
    }
    response.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(value)).build());
    response.onCompleted();
  }
}
