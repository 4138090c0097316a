package io.deploymcp.kubestandin;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link StandInCluster} (with the kubelet stand-in) until the process is stopped, for a
 * local stack whose worker runs in another process: {@code --kubeconfig <path>} (where to write
 * it; default: a temp file), {@code --port <n>} (default: a free one). Prints one line with the
 * URL and the kubeconfig path once it is ready.
 */
public final class StandInClusterMain {

  private StandInClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    StandInCluster.Builder builder = StandInCluster.builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--port") || arg.equals("--kubeconfig")) && i + 1 >= args.length) {
        usage(arg + " needs a value");
      }
      switch (arg) {
        case "--port" -> {
          try {
            builder.port(Integer.parseInt(args[++i]));
          } catch (NumberFormatException e) {
            usage("--port must be a number: " + args[i]);
          }
        }
        case "--kubeconfig" -> builder.kubeconfig(Path.of(args[++i]));
        default -> usage("unknown argument: " + arg);
      }
    }
    StandInCluster cluster = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kube-standin-shutdown"));
    System.out.println("kube-standin ready: " + cluster.url() + " KUBECONFIG=" + cluster.kubeconfig());
    new CountDownLatch(1).await();
  }

  private static void usage(String problem) {
    System.err.println("kube-standin: " + problem);
    System.err.println("usage: StandInClusterMain [--port <n>] [--kubeconfig <path>]");
    System.exit(2);
  }
}
