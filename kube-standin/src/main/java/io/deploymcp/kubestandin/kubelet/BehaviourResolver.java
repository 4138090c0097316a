package io.deploymcp.kubestandin.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a container's {@link PodBehaviour}: the newest script whose image matcher accepts
 * the container's image, else the pod annotation {@value KubeletStandIn#BEHAVIOUR_ANNOTATION},
 * else the container's {@value KubeletStandIn#BEHAVIOUR_ENV} (set directly or through
 * {@code envFrom} a Secret or ConfigMap), else the default. Also finds the configuration errors
 * a real kubelet would hit on its own: a Secret, ConfigMap or key the container needs and the
 * namespace lacks.
 */
final class BehaviourResolver {

  private static final Logger log = LoggerFactory.getLogger(BehaviourResolver.class);

  private record Script(Predicate<String> image, PodBehaviour behaviour) {}

  private final KubernetesClient client;
  private final List<Script> scripts = new CopyOnWriteArrayList<>();
  private volatile PodBehaviour fallback = PodBehaviour.healthy();

  BehaviourResolver(KubernetesClient client) {
    this.client = client;
  }

  void script(Predicate<String> image, PodBehaviour behaviour) {
    scripts.add(new Script(image, behaviour));
  }

  void fallback(PodBehaviour behaviour) {
    this.fallback = behaviour;
  }

  void clear() {
    scripts.clear();
    fallback = PodBehaviour.healthy();
  }

  PodBehaviour resolve(String namespace, Map<String, String> podAnnotations, Container container) {
    String image = container.getImage() == null ? "" : container.getImage();
    for (int i = scripts.size() - 1; i >= 0; i--) {
      Script script = scripts.get(i);
      if (script.image().test(image)) {
        return script.behaviour();
      }
    }
    Optional<PodBehaviour> annotated = parse(podAnnotations == null ? null
        : podAnnotations.get(KubeletStandIn.BEHAVIOUR_ANNOTATION), "annotation");
    if (annotated.isPresent()) {
      return annotated.get();
    }
    Optional<PodBehaviour> fromEnv = parse(envValue(namespace, container), "environment variable");
    return fromEnv.orElse(fallback);
  }

  private static Optional<PodBehaviour> parse(String text, String source) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PodBehaviour.parse(text));
    } catch (IllegalArgumentException e) {
      log.warn("kube-standin ignores the behaviour {} {}: {}", source, text, e.getMessage());
      return Optional.empty();
    }
  }

  private String envValue(String namespace, Container container) {
    String value = null;
    for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (!KubeletStandIn.BEHAVIOUR_ENV.startsWith(prefix)) {
        continue;
      }
      String key = KubeletStandIn.BEHAVIOUR_ENV.substring(prefix.length());
      if (from.getSecretRef() != null) {
        value = secretValue(namespace, from.getSecretRef().getName(), key).orElse(value);
      } else if (from.getConfigMapRef() != null) {
        value = configMapValue(namespace, from.getConfigMapRef().getName(), key).orElse(value);
      }
    }
    for (EnvVar env : nullSafe(container.getEnv())) {
      if (KubeletStandIn.BEHAVIOUR_ENV.equals(env.getName()) && env.getValue() != null) {
        value = env.getValue(); // explicit env wins over envFrom, as in a real container
      }
    }
    return value;
  }

  /** The CreateContainerConfigError message a kubelet would give, if any. */
  Optional<String> missingConfiguration(String namespace, Container container) {
    for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
      if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())
          && secret(namespace, from.getSecretRef().getName()) == null) {
        return Optional.of("secret \"" + from.getSecretRef().getName() + "\" not found");
      }
      if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
          && configMap(namespace, from.getConfigMapRef().getName()) == null) {
        return Optional.of("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
      }
    }
    for (EnvVar env : nullSafe(container.getEnv())) {
      if (env.getValueFrom() == null) {
        continue;
      }
      var secretKey = env.getValueFrom().getSecretKeyRef();
      if (secretKey != null && !Boolean.TRUE.equals(secretKey.getOptional())) {
        Secret secret = secret(namespace, secretKey.getName());
        if (secret == null) {
          return Optional.of("secret \"" + secretKey.getName() + "\" not found");
        }
        if (secretValue(secret, secretKey.getKey()).isEmpty()) {
          return Optional.of("couldn't find key " + secretKey.getKey() + " in Secret " + namespace + "/"
              + secretKey.getName());
        }
      }
      var configKey = env.getValueFrom().getConfigMapKeyRef();
      if (configKey != null && !Boolean.TRUE.equals(configKey.getOptional())) {
        ConfigMap map = configMap(namespace, configKey.getName());
        if (map == null) {
          return Optional.of("configmap \"" + configKey.getName() + "\" not found");
        }
        if (map.getData() == null || !map.getData().containsKey(configKey.getKey())) {
          return Optional.of("couldn't find key " + configKey.getKey() + " in ConfigMap " + namespace + "/"
              + configKey.getName());
        }
      }
    }
    return Optional.empty();
  }

  private Secret secret(String namespace, String name) {
    return name == null ? null : client.secrets().inNamespace(namespace).withName(name).get();
  }

  private ConfigMap configMap(String namespace, String name) {
    return name == null ? null : client.configMaps().inNamespace(namespace).withName(name).get();
  }

  private Optional<String> secretValue(String namespace, String name, String key) {
    Secret secret = secret(namespace, name);
    return secret == null ? Optional.empty() : secretValue(secret, key);
  }

  /** data is base64; stringData stays as written because the stand-in does not convert it. */
  private static Optional<String> secretValue(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.of(secret.getStringData().get(key));
    }
    return Optional.empty();
  }

  private Optional<String> configMapValue(String namespace, String name, String key) {
    ConfigMap map = configMap(namespace, name);
    return map == null || map.getData() == null ? Optional.empty() : Optional.ofNullable(map.getData().get(key));
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
