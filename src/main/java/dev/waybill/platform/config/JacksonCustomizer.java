package dev.waybill.platform.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** JSON settings shared by every endpoint. */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    // Keep the UTC offset a carrier or merchant sent: shoppers see local scan times.
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    // A count, limit or day number sent as 1.5 is a mistake to report, not to round down.
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.registerModule(DateRange.module());
  }
}
