package io.deploymcp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Nothing of ours runs work on {@code ForkJoinPool.commonPool}. The JDK HTTP client, which
 * fabric8 uses in the API and worker, completes every asynchronous response through that pool
 * (one thread on two cores): a task blocking there — a test's wait in
 * {@code CompletableFuture.runAsync}, a parallel stream doing I/O — freezes every Kubernetes
 * call in the JVM until it ends (docs/kube-standin.md measured ~8 s). So each async stage names
 * its executor, and no stream goes parallel.
 */
class CommonPoolRuleTest {
  /** Blocks the common pool on purpose: it proves the stand-in's kubelet does not depend on it. */
  private static final String DELIBERATE = "io.deploymcp.kubestandin.StandInListLatencyTest";

  static final DescribedPredicate<JavaMethodCall> RUNS_ON_THE_COMMON_POOL =
      DescribedPredicate.describe("runs work on ForkJoinPool.commonPool", call -> {
        // By name: library classes are not read (archunit.properties), so no type hierarchy.
        var target = call.getTarget();
        String owner = target.getOwner().getName();
        String name = target.getName();
        if (owner.equals(CompletableFuture.class.getName()) && name.endsWith("Async")) {
          // The variants without an Executor use the default executor: the common pool.
          return target.getRawParameterTypes().stream().noneMatch(t -> t.getName().equals(Executor.class.getName()));
        }
        if (owner.equals(ForkJoinPool.class.getName()) && name.equals("commonPool")) {
          return true;
        }
        if (name.equals("parallelStream") && target.getRawParameterTypes().isEmpty()) {
          return true;
        }
        return name.equals("parallel") && owner.startsWith("java.util.stream.") && target.getRawParameterTypes().isEmpty();
      });

  static ArchRule rule() {
    return noClasses()
        .that().doNotHaveFullyQualifiedName(DELIBERATE)
        .and().resideInAPackage("io.deploymcp..")
        .should().callMethodWhere(RUNS_ON_THE_COMMON_POOL)
        .because("the JDK HTTP client (fabric8 in the API and worker) completes responses on the common pool:"
            + " name an executor, e.g. CompletableFuture.runAsync(task, Thread::startVirtualThread)");
  }

  @Test
  void noModuleRunsWorkOnTheCommonPool() {
    JavaClasses classes = ModuleClasses.all();
    // The rule must have read the modules whose threads matter, main and test code.
    assertThat(classes.containPackage("io.deploymcp.api.cluster")).isTrue();
    assertThat(classes.containPackage("io.deploymcp.worker.cluster")).isTrue();
    assertThat(classes.contain("io.deploymcp.api.cluster.LiveStatusStandInApiTest")).isTrue();

    rule().check(classes);
  }

  /** The rule catches each shape it names (classes below), and passes the same work given an executor. */
  @Test
  void theRuleCatchesEachWayOntoTheCommonPool() {
    JavaClasses offenders = new ClassFileImporter().importClasses(Offenders.class);
    EvaluationResult result = rule().evaluate(offenders);

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("CompletableFuture.runAsync(java.lang.Runnable)")
        .contains("CompletableFuture.supplyAsync(java.util.function.Supplier)")
        .contains("CompletableFuture.thenApplyAsync(java.util.function.Function)")
        .contains("ForkJoinPool.commonPool()")
        .contains("parallelStream()")
        .contains("parallel()")
        .doesNotContain("withAnExecutor");
    assertThat(rule().evaluate(new ClassFileImporter().importClasses(Compliant.class)).hasViolation()).isFalse();
  }

  @SuppressWarnings("unused")
  static final class Offenders {
    void runs() {
      CompletableFuture.runAsync(() -> {});
      CompletableFuture.supplyAsync(() -> 1).thenApplyAsync(x -> x + 1);
      ForkJoinPool.commonPool().execute(() -> {});
      java.util.List.of(1, 2).parallelStream().count();
      java.util.stream.IntStream.range(0, 2).parallel().sum();
    }
  }

  @SuppressWarnings("unused")
  static final class Compliant {
    void withAnExecutor() {
      CompletableFuture.runAsync(() -> {}, Thread::startVirtualThread)
          .thenApplyAsync(x -> 1, Thread::startVirtualThread);
      java.util.List.of(1, 2).stream().count();
    }
  }
}
