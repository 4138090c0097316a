package io.deploymcp.kubestandin.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Every watch the stand-in serves (it replaces fabric8's {@code WatchEventsListener}): it sends
 * {@code ADDED} for what matches when the websocket opens, then the changes
 * {@link StandInDispatcher} reports, in order, from its own sending thread.
 *
 * <p>Why not the mock's own watch: its {@code onClosed} runs on the mock server's single Vert.x
 * event loop and waits (up to a minute) for its sender, whose {@code send} waits (up to 30 s)
 * for a write only that same event loop can complete; so every watch a client closed while an
 * event was on its way froze the whole server, every other watch included, for 30 s. Here no
 * websocket callback waits for anything: closing only queues the close behind the events already
 * queued and stops the sender, and a send that cannot complete holds up only this watch's thread.
 */
final class StandInWatch extends WebSocketListener {

  /** Which stored objects this watch reports; {@code key} is the mock's key of the object. */
  @FunctionalInterface
  interface Filter {
    boolean matches(AttributeSet key, String objectJson);
  }

  final Filter filter;
  private final Set<StandInWatch> registry;
  /** Sends what matches now and registers the watch, both under the store's read lock. */
  private final Consumer<StandInWatch> initialSync;
  // A virtual thread: one per open watch, mostly parked; a send stuck on a dead connection costs
  // no platform thread.
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("kube-standin-watch-", 0).factory());
  private volatile WebSocket socket;

  StandInWatch(Filter filter, Set<StandInWatch> registry, Consumer<StandInWatch> initialSync) {
    this.filter = filter;
    this.registry = registry;
    this.initialSync = initialSync;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    socket = webSocket;
    initialSync.accept(this);
  }

  /** Queues one watch event; {@code objectJson} is the object as stored. Never blocks. */
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
