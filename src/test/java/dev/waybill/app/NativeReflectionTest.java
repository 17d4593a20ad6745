package dev.waybill.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.waybill.platform.security.RequiresScope;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The auth filter reads {@code @RequiresScope} by reflection; in a native image that only works for
 * classes registered for it, and for a missing one the filter would find no scope and let every
 * caller through. This keeps the registration complete as resources are added.
 */
class NativeReflectionTest {

  @Test
  void everyClassCarryingRequiresScopeIsRegisteredForReflection() throws Exception {
    Set<String> carrying = new TreeSet<>();
    for (Class<?> type : compiledClasses()) {
      if (type.isAnnotationPresent(RequiresScope.class)
          || Arrays.stream(type.getDeclaredMethods())
              .anyMatch(m -> m.isAnnotationPresent(RequiresScope.class))) {
        carrying.add(type.getName());
      }
    }
    Set<String> registered =
        Arrays.stream(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets())
            .map(Class::getName)
            .collect(Collectors.toCollection(TreeSet::new));

    Set<String> missing = new TreeSet<>(carrying);
    missing.removeAll(registered);
    assertEquals(Set.of(), missing, "add these to NativeReflection");
    // Guards the scan itself: an empty result would make the check above pass vacuously.
    assertEquals(true, carrying.contains("dev.waybill.orders.OrderResource"), carrying.toString());
  }

  private static Set<Class<?>> compiledClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(RequiresScope.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ClassLoader loader = NativeReflectionTest.class.getClassLoader();
    try (Stream<Path> files = Files.walk(root.resolve("dev/waybill"))) {
      return files
          .filter(f -> f.toString().endsWith(".class"))
          .map(f -> root.relativize(f).toString())
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
          .map(
              name -> {
                try {
                  return Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                  return null;
                }
              })
          .filter(c -> c != null)
          .collect(Collectors.toSet());
    }
  }
}
