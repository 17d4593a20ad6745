package dev.waybill.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every shopper language says everything English says, and nothing else: the same keys, the same
 * placeholders, the same empty values ("nothing to say"), and date patterns that format.
 */
class ShopperTextBundlesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
  private static final Path I18N = Path.of("src/main/resources/i18n");

  @ParameterizedTest
  @ValueSource(strings = {"tracking", "notifications"})
  void everyLanguageHasExactlyTheEnglishKeys(String family) throws IOException {
    Properties english = load(family, "en");
    List<String> problems = new ArrayList<>();
    for (String lang : StatusTexts.LANGUAGES) {
      Properties other = load(family, lang);
      for (String key : sorted(english)) {
        if (!other.containsKey(key)) {
          problems.add(family + "_" + lang + " lacks " + key);
        }
      }
      for (String key : sorted(other)) {
        if (!english.containsKey(key)) {
          problems.add(family + "_" + lang + " has " + key + ", which English lacks");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tracking", "notifications"})
  void everyTranslationKeepsTheEnglishPlaceholdersAndSilences(String family) throws IOException {
    Properties english = load(family, "en");
    List<String> problems = new ArrayList<>();
    for (String lang : StatusTexts.LANGUAGES) {
      Properties other = load(family, lang);
      for (String key : sorted(english)) {
        String translated = other.getProperty(key);
        if (translated == null) {
          continue; // reported by the key test
        }
        String original = english.getProperty(key);
        if (!placeholders(original).equals(placeholders(translated))) {
          problems.add(
              family
                  + "_"
                  + lang
                  + " "
                  + key
                  + ": "
                  + placeholders(translated)
                  + " where English has "
                  + placeholders(original));
        }
        if (original.isBlank() != translated.isBlank()) {
          problems.add(
              family + "_" + lang + " " + key + " must be empty exactly when English is empty");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tracking", "notifications"})
  void bundlesAreUtf8AndEveryFileIsAListedLanguage(String family) throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.list(I18N)) {
      onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(family + "_") && n.endsWith(".properties"))
              .map(n -> n.substring(family.length() + 1, n.length() - ".properties".length()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(new TreeSet<>(StatusTexts.LANGUAGES), onDisk, "bundles on disk vs LANGUAGES");
    for (String lang : onDisk) {
      byte[] bytes = Files.readAllBytes(I18N.resolve(family + "_" + lang + ".properties"));
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException e) {
        fail(family + "_" + lang + " is not UTF-8, which the loaders read it as");
      }
    }
  }

  static Stream<String> languages() {
    return StatusTexts.LANGUAGES.stream();
  }

  @ParameterizedTest
  @MethodSource("languages")
  void datePatternsFormatInTheirLanguage(String lang) throws IOException {
    LocalDateTime at = LocalDateTime.of(2026, 12, 8, 14, 5);
    Locale locale = Locale.forLanguageTag(lang);
    for (String pattern :
        List.of(
            load("tracking", lang).getProperty("page.format.day"),
            load("tracking", lang).getProperty("page.format.when"),
            load("notifications", lang).getProperty("date.pattern"))) {
      assertNotNull(pattern);
      String formatted = at.format(DateTimeFormatter.ofPattern(pattern, locale));
      assertTrue(formatted.contains("8"), pattern + " -> " + formatted);
    }
  }

  /** Placeholders with their count: "{order}" twice is not "{order}" once. */
  private static List<String> placeholders(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    found.sort(null);
    return found;
  }

  private static List<String> sorted(Properties p) {
    return p.stringPropertyNames().stream().sorted().toList();
  }

  /** Read as the application reads it: UTF-8 through a Reader, from the class path. */
  private static Properties load(String family, String lang) throws IOException {
    String resource = "i18n/" + family + "_" + lang + ".properties";
    try (InputStream in =
        ShopperTextBundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    }
  }
}
