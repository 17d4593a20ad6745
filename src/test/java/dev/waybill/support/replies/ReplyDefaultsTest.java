package dev.waybill.support.replies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.tracking.StatusTexts;
import io.quarkus.qute.Template;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReplyDefaultsTest {

  private static final Pattern NAME = Pattern.compile("\\{[#/]?(?:if |for p in )?([a-zA-Z.]+)");

  private final ReplyDefaults defaults = new ReplyDefaults();
  private final ReplyEngine engine = new ReplyEngine();
  private final ReplyStories stories = new ReplyStories(null, null, new StatusTexts(), null);

  @Test
  void everyDefaultFillsCleanlyInEveryLanguage() {
    for (String lang : ReplyDefaults.LANGUAGES) {
      var story = stories.sample(lang);
      for (ReplyTemplate t : ReplyTemplate.values()) {
        ReplyDefaults.Text text = defaults.get(t, lang);
        Template body = engine.compile("body", text.body());
        String filled = engine.render("body", body, story.model());
        assertFalse(filled.contains("{"), lang + " " + t.id() + ": " + filled);
        assertTrue(filled.contains("Example Store"), lang + " " + t.id() + " signs off");
        engine.render("subject", engine.compile("subject", text.subject()), story.model());
      }
    }
  }

  @Test
  void everyLanguageNamesTheSameFactsAsEnglish() {
    for (ReplyTemplate t : ReplyTemplate.values()) {
      Set<String> english = names(defaults.get(t, "en"));
      english.remove("shopper.firstName");
      english.remove("shopper.name");
      for (String lang : ReplyDefaults.LANGUAGES) {
        Set<String> theirs = names(defaults.get(t, lang));
        theirs.remove("shopper.firstName");
        theirs.remove("shopper.name");
        assertEquals(english, theirs, lang + " " + t.id());
      }
    }
  }

  @Test
  void languageTagsFallBackToEnglish() {
    assertEquals("fr", ReplyDefaults.language("fr-BE"));
    assertEquals("nl", ReplyDefaults.language("nl_NL"));
    assertEquals("en", ReplyDefaults.language("pt-BR"));
    assertEquals("en", ReplyDefaults.language(null));
  }

  private static Set<String> names(ReplyDefaults.Text text) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(text.subject() + "\n" + text.body());
    while (m.find()) {
      if (!m.group(1).equals("if") && !m.group(1).equals("for") && !m.group(1).equals("else")) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
