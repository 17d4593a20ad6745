package dev.waybill.platform.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The production build carries no embedded Postgres or Redis: neither their libraries nor the
 * server binaries those libraries bundle. They are dev and test tools, and would add tens of
 * megabytes of executables to every image. A native build ({@code -Pnative}) produces no {@code
 * quarkus-app}: its executable is checked instead.
 */
class PackagedJarContentsIT {

  private static final Path APP = Path.of("target", "quarkus-app");
  private static final List<String> DEV_ONLY_ARTIFACTS =
      List.of("io.zonky.test", "embedded-redis", "redis.clients.jedis", "org.tukaani.xz");

  @Test
  void nativeExecutableHasNoEmbeddedServers() throws IOException {
    Path runner = Path.of(System.getProperty("native.image.path", "target/none-runner"));
    Assumptions.assumeTrue(
        Files.isRegularFile(runner) && !Files.isDirectory(APP), "not a native build");
    // The bundled servers are archives named like these; none may be inside the executable.
    List<byte[]> markers =
        List.of("postgres-linux-x86_64.txz".getBytes(), "redis-server-6.2".getBytes());
    byte[] bytes = Files.readAllBytes(runner);
    for (byte[] marker : markers) {
      assertEquals(-1, indexOf(bytes, marker), new String(marker) + " found in " + runner);
    }
    assertTrue(bytes.length < 150L * 1024 * 1024, runner + " is " + (bytes.length >> 20) + " MB");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void productionBuildHasNoEmbeddedServers() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(APP), "a native build has no quarkus-app");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(APP)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (DEV_ONLY_ARTIFACTS.stream().anyMatch(name::startsWith)) {
          found.add(name);
        }
        if (name.endsWith(".jar")) {
          try (ZipFile jar = new ZipFile(file.toFile())) {
            jar.stream()
                .map(e -> e.getName().toLowerCase(Locale.ROOT))
                .filter(e -> e.endsWith(".txz") || e.contains("redis-server"))
                .forEach(e -> found.add(name + "!" + e));
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void productionBuildStaysSmall() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(APP), "a native build has no quarkus-app");
    long bytes;
    try (Stream<Path> files = Files.walk(APP)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    // About 66 MB today; the embedded servers' jars alone would add 27 MB.
    assertTrue(bytes < 90L * 1024 * 1024, "target/quarkus-app is " + bytes / 1024 / 1024 + " MB");
  }
}
