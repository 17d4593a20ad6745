package dev.waybill.platform.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomize overlay and checks each object strictly against the Kubernetes API types
 * (a wrong type fails to parse, an unknown field lands in additional properties), then against our
 * own rules for running Waybill safely.
 */
class KubernetesManifestsTest {

  private static final Set<String> CUSTOM_KINDS = Set.of("ServiceMonitor");

  /** quarkus.management.port */
  private static final int MANAGEMENT = 9000;

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void renderedObjectsMatchTheApiTypes(String dir) {
    for (HasMetadata object : render(dir)) {
      if (object instanceof GenericKubernetesResource custom) {
        assertTrue(CUSTOM_KINDS.contains(custom.getKind()), "unknown kind " + custom.getKind());
        continue;
      }
      List<String> unknown = new ArrayList<>();
      walk(
          object,
          object.getKind() + "/" + object.getMetadata().getName(),
          unknown,
          new IdentityHashMap<>());
      assertTrue(unknown.isEmpty(), dir + ": unknown fields " + unknown);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void everyContainerIsBoundedProbedAndUnprivileged(String dir) {
    for (HasMetadata object : render(dir)) {
      PodSpec pod;
      boolean longRunning;
      if (object instanceof Deployment d) {
        pod = d.getSpec().getTemplate().getSpec();
        longRunning = true;
      } else if (object instanceof Job j) {
        pod = j.getSpec().getTemplate().getSpec();
        longRunning = false;
      } else {
        continue;
      }
      String name = object.getKind() + "/" + object.getMetadata().getName();
      PodSecurityContext podSecurity = pod.getSecurityContext();
      assertNotNull(podSecurity, name + " pod security context");
      assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), name + " runAsNonRoot");
      for (Container c : pod.getContainers()) {
        String where = name + " container " + c.getName();
        ResourceRequirements r = c.getResources();
        assertNotNull(r, where + " resources");
        for (String kind : List.of("cpu", "memory")) {
          assertTrue(
              r.getRequests() != null && r.getRequests().containsKey(kind),
              where + " requests " + kind);
          assertTrue(
              r.getLimits() != null && r.getLimits().containsKey(kind), where + " limits " + kind);
        }
        if (longRunning) {
          assertNotNull(c.getStartupProbe(), where + " startup probe");
          assertNotNull(c.getReadinessProbe(), where + " readiness probe");
          assertNotNull(c.getLivenessProbe(), where + " liveness probe");
        }
        assertNotNull(c.getSecurityContext(), where + " security context");
        assertEquals(
            Boolean.TRUE,
            c.getSecurityContext().getReadOnlyRootFilesystem(),
            where + " read-only root filesystem");
        assertEquals(
            Boolean.FALSE,
            c.getSecurityContext().getAllowPrivilegeEscalation(),
            where + " privilege escalation");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void everyDeploymentHasADisruptionBudgetAndEveryReferenceResolves(String dir) {
    List<HasMetadata> objects = render(dir);
    List<Deployment> deployments = of(objects, Deployment.class);
    List<PodDisruptionBudget> budgets = of(objects, PodDisruptionBudget.class);
    assertFalse(deployments.isEmpty());
    for (Deployment d : deployments) {
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertTrue(
          budgets.stream()
              .anyMatch(
                  p ->
                      labels
                          .entrySet()
                          .containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())),
          "no PodDisruptionBudget covers " + d.getMetadata().getName());
      assertTrue(
          labels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
          d.getMetadata().getName() + " selects its own pods");
    }
    for (HorizontalPodAutoscaler hpa : of(objects, HorizontalPodAutoscaler.class)) {
      String target = hpa.getSpec().getScaleTargetRef().getName();
      assertTrue(
          deployments.stream().anyMatch(d -> d.getMetadata().getName().equals(target)),
          "HPA " + hpa.getMetadata().getName() + " targets missing " + target);
    }
    List<Service> services = of(objects, Service.class);
    for (Service s : services) {
      Map<String, String> selector = s.getSpec().getSelector();
      assertTrue(
          deployments.stream()
              .anyMatch(
                  d ->
                      d.getSpec()
                          .getTemplate()
                          .getMetadata()
                          .getLabels()
                          .entrySet()
                          .containsAll(selector.entrySet())),
          "Service " + s.getMetadata().getName() + " selects no pods");
    }
    for (Ingress ingress : of(objects, Ingress.class)) {
      ingress
          .getSpec()
          .getRules()
          .forEach(
              rule ->
                  rule.getHttp()
                      .getPaths()
                      .forEach(
                          p ->
                              assertTrue(
                                  services.stream()
                                      .anyMatch(
                                          s ->
                                              s.getMetadata()
                                                  .getName()
                                                  .equals(p.getBackend().getService().getName())),
                                  "Ingress backend " + p.getBackend().getService().getName())));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void everyPodIsSelectedByANetworkPolicy(String dir) {
    List<HasMetadata> objects = render(dir);
    List<NetworkPolicy> policies = of(objects, NetworkPolicy.class);
    for (HasMetadata object : objects) {
      PodTemplateSpec template;
      if (object instanceof Deployment d) {
        template = d.getSpec().getTemplate();
      } else if (object instanceof Job j) {
        template = j.getSpec().getTemplate();
      } else {
        continue;
      }
      Map<String, String> labels =
          template.getMetadata() == null || template.getMetadata().getLabels() == null
              ? Map.of()
              : template.getMetadata().getLabels();
      String namespace = object.getMetadata().getNamespace();
      assertTrue(
          policies.stream()
              .anyMatch(
                  p ->
                      Objects.equals(p.getMetadata().getNamespace(), namespace)
                          && selects(p.getSpec().getPodSelector(), labels)),
          dir
              + ": no NetworkPolicy selects the pods of "
              + object.getKind()
              + "/"
              + object.getMetadata().getName()
              + " "
              + labels);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void healthAndMetricsAreOnTheManagementPortWhichTheIngressNeverReaches(String dir) {
    List<HasMetadata> objects = render(dir);
    for (Deployment d : of(objects, Deployment.class)) {
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        String where = d.getMetadata().getName() + " container " + c.getName();
        assertTrue(
            c.getPorts().stream()
                .anyMatch(
                    p -> "management".equals(p.getName()) && p.getContainerPort() == MANAGEMENT),
            where + " declares the management port");
        for (var probe :
            List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
          assertEquals(
              "management", probe.getHttpGet().getPort().getStrVal(), where + " probe port");
          assertTrue(probe.getHttpGet().getPath().startsWith("/q/health/"), where);
        }
      }
    }
    List<Service> services = of(objects, Service.class);
    for (Ingress ingress : of(objects, Ingress.class)) {
      for (var rule : ingress.getSpec().getRules()) {
        for (var path : rule.getHttp().getPaths()) {
          String name = path.getBackend().getService().getName();
          Service backend =
              services.stream()
                  .filter(s -> s.getMetadata().getName().equals(name))
                  .findFirst()
                  .orElseThrow();
          for (var port : backend.getSpec().getPorts()) {
            assertFalse(
                "management".equals(port.getTargetPort().getStrVal())
                    || Integer.valueOf(MANAGEMENT).equals(port.getTargetPort().getIntVal()),
                dir + ": the Ingress reaches the management port through Service " + name);
          }
        }
      }
    }
    for (HasMetadata object : objects) {
      if (object instanceof GenericKubernetesResource monitor
          && "ServiceMonitor".equals(monitor.getKind())) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints =
            (List<Map<String, Object>>)
                ((Map<String, Object>) monitor.getAdditionalProperties().get("spec"))
                    .get("endpoints");
        for (Map<String, Object> e : endpoints) {
          assertEquals("management", e.get("port"), dir + ": the ServiceMonitor scrapes");
          assertEquals("/q/metrics", e.get("path"));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"base", "overlays/dev", "overlays/prod", "overlays/peak", "overlays/native"})
  void everyAutoscaledDeploymentLeavesItsReplicasToTheAutoscaler(String dir) {
    List<HasMetadata> objects = render(dir);
    for (HorizontalPodAutoscaler hpa : of(objects, HorizontalPodAutoscaler.class)) {
      String target = hpa.getSpec().getScaleTargetRef().getName();
      for (Deployment d : of(objects, Deployment.class)) {
        // A fixed count would reset the autoscaler's choice on every apply during a scale-out.
        if (d.getMetadata().getName().equals(target)) {
          assertNull(d.getSpec().getReplicas(), dir + ": " + target + " sets replicas");
        }
      }
    }
  }

  @Test
  void secretExampleHoldsNoRealSecret() throws IOException {
    String yaml = Files.readString(Path.of("k8s", "secret.example.yaml"));
    HasMetadata secret = Serialization.unmarshal(yaml);
    assertEquals("Secret", secret.getKind());
    assertTrue(yaml.contains("change-me"));
  }

  /** Whether a label selector matches these labels; an empty selector matches every pod. */
  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> throw new AssertionError("unknown selector operator " + r.getOperator());
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Fails on unknown fields anywhere in the object, collecting their paths. */
  private static void walk(
      Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : value.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object child;
      try {
        child = m.invoke(value);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + " " + extra.keySet());
        }
        continue;
      }
      walk(child, path + "." + m.getName().substring(3), unknown, seen);
    }
  }

  private static List<HasMetadata> render(String dir) {
    Path kustomization = Path.of("k8s", dir);
    String rendered;
    try {
      Process p =
          new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("kubectl kustomize " + dir + " failed:\n" + new String(out, StandardCharsets.UTF_8));
      }
      rendered = new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String message =
          "kubectl is not installed; the manifests were not rendered: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : rendered.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      objects.add(
          Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
    }
    assertFalse(objects.isEmpty(), dir + " renders nothing");
    return objects;
  }
}
