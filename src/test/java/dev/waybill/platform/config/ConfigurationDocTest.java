package dev.waybill.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md complete: every property of every {@code @ConfigMapping} interface in
 * the application must have a row there, with its environment variable.
 */
class ConfigurationDocTest {

  private static final Path BASE = Path.of(System.getProperty("basedir", "."));
  private static final Path MAIN_CLASSES = BASE.resolve("target/classes");
  private static final Path DOC = BASE.resolve("docs/configuration.md");
  private static final byte[] MAPPING_DESCRIPTOR =
      "Lio/smallrye/config/ConfigMapping;".getBytes(StandardCharsets.UTF_8);

  /** Stands for a map key or list index in a derived property name. */
  private static final String KEY = "*";

  @Test
  void everyConfigMappingPropertyHasARowWithItsEnvironmentVariable() throws IOException {
    String doc = Files.readString(DOC);
    List<String> missing = new ArrayList<>();
    for (Class<?> mapping : configMappings()) {
      for (String property : properties(mapping)) {
        if (!documented(doc, property)) {
          missing.add(property + " (" + mapping.getSimpleName() + ")");
        } else if (!property.contains(KEY) && !doc.contains("`" + environmentVariable(property))) {
          missing.add(property + " documented without `" + environmentVariable(property) + "`");
        }
      }
    }
    assertTrue(
        missing.isEmpty(),
        "docs/configuration.md lacks these properties:\n  " + String.join("\n  ", missing));
  }

  @Test
  void findsTheMappingsOfEveryFeatureWithTheirNestedGroups() throws IOException {
    List<Class<?>> mappings = configMappings();
    assertTrue(mappings.size() >= 10, "only found " + mappings);
    TreeSet<String> all = new TreeSet<>();
    for (Class<?> mapping : mappings) {
      all.addAll(properties(mapping));
    }
    assertTrue(all.contains("waybill.poller.claim-size"), all.toString());
    assertTrue(all.contains("waybill.poller.schedule.in-transit"), all.toString());
    assertTrue(all.contains("waybill.notifications.sms.account-sid"), all.toString());
    assertTrue(all.contains("waybill.claims.window-days.*"), all.toString());
    assertTrue(all.contains("waybill.role"), all.toString());
  }

  @Test
  void propertyNamesHonourWithNameAndWithParentName() {
    assertEquals(
        new TreeSet<>(
            List.of(
                "example.batch-size",
                "example.given",
                "example.group.inner-value",
                "example.flat-value",
                "example.optional-group.inner-value",
                "example.groups[*].inner-value",
                "example.by-name.*.inner-value",
                "example.limits.*")),
        new TreeSet<>(
            properties(Example.class, "example", ConfigMapping.NamingStrategy.KEBAB_CASE)));
  }

  @Test
  void aPlaceholderInTheDocStandsForAMapKey() {
    assertTrue(
        documented("| `waybill.claims.window-days.<carrier>` |", "waybill.claims.window-days.*"));
    assertFalse(documented("| `waybill.claims.window-days` |", "waybill.claims.window-days.*"));
    assertFalse(documented("| `waybill.poller.enabled-x` |", "waybill.poller.enabled"));
  }

  @Test
  void environmentVariablesAreUpperSnakeCase() {
    assertEquals("WAYBILL_POLLER_BATCH_SIZE", environmentVariable("waybill.poller.batch-size"));
    assertEquals(
        "WAYBILL_POLLER_SCHEDULE_IN_TRANSIT",
        environmentVariable("waybill.poller.schedule.in-transit"));
  }

  // --- finding the mappings ------------------------------------------------------------------

  private static List<Class<?>> configMappings() throws IOException {
    Path root = MAIN_CLASSES.resolve("dev/waybill");
    assertTrue(Files.isDirectory(root), "compile first: " + root + " is missing");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        // Only classes that mention the annotation are loaded.
        if (!mentionsConfigMapping(Files.readAllBytes(file))) {
          continue;
        }
        String name = MAIN_CLASSES.relativize(file).toString().replace('\\', '/').replace('/', '.');
        Class<?> type = load(name.substring(0, name.length() - ".class".length()));
        if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
          found.add(type);
        }
      }
    }
    return found;
  }

  private static boolean mentionsConfigMapping(byte[] bytes) {
    outer:
    for (int i = 0; i <= bytes.length - MAPPING_DESCRIPTOR.length; i++) {
      for (int j = 0; j < MAPPING_DESCRIPTOR.length; j++) {
        if (bytes[i + j] != MAPPING_DESCRIPTOR[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ConfigurationDocTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name, e);
    }
  }

  // --- deriving property names ---------------------------------------------------------------

  static List<String> properties(Class<?> mapping) {
    ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
    return properties(mapping, annotation.prefix(), annotation.namingStrategy());
  }

  static List<String> properties(
      Class<?> mapping, String prefix, ConfigMapping.NamingStrategy naming) {
    List<String> names = new ArrayList<>();
    walk(mapping, prefix, naming, names);
    return names;
  }

  private static void walk(
      Class<?> group, String path, ConfigMapping.NamingStrategy naming, List<String> names) {
    for (Method method : group.getMethods()) {
      if (method.isDefault()
          || Modifier.isStatic(method.getModifiers())
          || method.isSynthetic()
          || method.getParameterCount() > 0
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = join(path, segment(method, naming));
      property(method.getGenericReturnType(), name, naming, names);
    }
  }

  private static void property(
      Type type, String name, ConfigMapping.NamingStrategy naming, List<String> names) {
    Class<?> raw = raw(type);
    if (raw == Optional.class) {
      property(argument(type, 0), name, naming, names);
    } else if (Map.class.isAssignableFrom(raw)) {
      property(argument(type, 1), join(name, KEY), naming, names);
    } else if (Collection.class.isAssignableFrom(raw) && isGroup(raw(argument(type, 0)))) {
      walk(raw(argument(type, 0)), name + "[" + KEY + "]", naming, names);
    } else if (isGroup(raw)) {
      walk(raw, name, naming, names);
    } else {
      names.add(name);
    }
  }

  private static String segment(Method method, ConfigMapping.NamingStrategy naming) {
    if (method.isAnnotationPresent(WithParentName.class)) {
      return "";
    }
    WithName withName = method.getAnnotation(WithName.class);
    if (withName != null) {
      return withName.value();
    }
    String field = method.getName();
    return switch (naming) {
      case VERBATIM -> field;
      case SNAKE_CASE -> split(field, '_');
      case KEBAB_CASE -> split(field, '-');
    };
  }

  private static String split(String camel, char separator) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append(separator);
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String join(String path, String segment) {
    if (segment.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? segment : path + "." + segment;
  }

  private static boolean isGroup(Class<?> type) {
    return type.isInterface() && !type.getName().startsWith("java.");
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalArgumentException("unsupported configuration type " + type);
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  // --- reading the doc -----------------------------------------------------------------------

  /**
   * Whether the doc names the property in code font. A map key or list index may be written as
   * {@code <anything>} or {@code *}.
   */
  static boolean documented(String doc, String property) {
    StringBuilder regex = new StringBuilder("`");
    for (String literal : property.split(Pattern.quote(KEY), -1)) {
      if (regex.length() > 1) {
        regex.append("(?:<[^>`]+>|\\*)");
      }
      regex.append(Pattern.quote(literal));
    }
    regex.append('`');
    return Pattern.compile(regex.toString()).matcher(doc).find();
  }

  static String environmentVariable(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
  }

  // --- a mapping with every shape the walk must handle -----------------------------------------

  // Not annotated with @ConfigMapping: Quarkus tests index the test classes too, and would then
  // ask for these properties at start.
  interface Example {
    int batchSize();

    @WithName("given")
    String renamed();

    Inner group();

    @WithParentName
    Flat flat();

    Optional<Inner> optionalGroup();

    List<Inner> groups();

    Map<String, Inner> byName();

    Map<String, Integer> limits();

    default String computed() {
      return "x";
    }

    static String helper() {
      return "";
    }
  }

  interface Inner {
    String innerValue();
  }

  interface Flat {
    String flatValue();
  }
}
