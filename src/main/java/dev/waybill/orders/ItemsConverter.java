package dev.waybill.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/**
 * Stores an order's items as a JSON array in a text column. A private mapper keeps the stored
 * format independent of how the REST layer's mapper is configured.
 */
@Converter
class ItemsConverter implements AttributeConverter<List<OrderItem>, String> {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<OrderItem>> TYPE = new TypeReference<>() {};

  @Override
  public String convertToDatabaseColumn(List<OrderItem> items) {
    try {
      return MAPPER.writeValueAsString(items);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<OrderItem> convertToEntityAttribute(String json) {
    try {
      return MAPPER.readValue(json, TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable items column", e);
    }
  }
}
