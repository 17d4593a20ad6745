package dev.waybill.platform.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Refuses JSON strings that hold a NUL character or half of a surrogate pair. Both are valid JSON
 * escapes, but Postgres cannot store NUL and an unpaired surrogate is no character at all; the
 * refusal names the field, where the database would only fail the whole request.
 */
@Singleton
public class TextValues implements ObjectMapperCustomizer {

  static final String MESSAGE = "must not contain NUL characters or unpaired surrogates";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(
        new SimpleModule("waybill-text-values").addDeserializer(String.class, new Checked()));
  }

  /** Whether the text is free of NUL characters and unpaired surrogates. */
  static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static final class Checked extends StdScalarDeserializer<String> {

    Checked() {
      super(String.class);
    }

    @Override
    public LogicalType logicalType() {
      return LogicalType.Textual;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctxt);
      if (value != null && !storable(value)) {
        throw JsonMappingException.from(p, MESSAGE, new IllegalArgumentException(MESSAGE));
      }
      return value;
    }
  }
}
