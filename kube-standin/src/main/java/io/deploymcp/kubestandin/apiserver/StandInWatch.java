package io.deploymcp.kubestandin.apiserver;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A watch whose field selector the mock cannot evaluate: it sends {@code ADDED} for what
 * matches when the websocket opens, then the changes {@link StandInDispatcher} reports, in
 * order, from one sending thread (as the mock's own watches do).
 */
final class FieldSelectedWatch extends WebSocketListener {

  final Selector selector;
  private final Set<FieldSelectedWatch> registry;
  /** Sends what matches now and registers the watch, both under the store's read lock. */
  private final Consumer<FieldSelectedWatch> initialSync;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kube-standin-field-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile WebSocket socket;

  FieldSelectedWatch(Selector selector, Set<FieldSelectedWatch> registry, Consumer<FieldSelectedWatch> initialSync) {
    this.selector = selector;
    this.registry = registry;
    this.initialSync = initialSync;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    socket = webSocket;
    initialSync.accept(this);
  }

  /** Queues one watch event; {@code objectJson} is the object as stored. */
  void send(String type, String objectJson) {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    String message = "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
    try {
      sender.execute(() -> ws.send(message));
    } catch (RejectedExecutionException closed) {
      // the watch is gone
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    registry.remove(this);
    try {
      sender.execute(() -> webSocket.close(code, reason)); // after the events already queued
    } catch (RejectedExecutionException closed) {
      // already shut down
    }
    sender.shutdown();
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    registry.remove(this);
    sender.shutdown();
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    registry.remove(this);
    sender.shutdownNow();
  }
}
