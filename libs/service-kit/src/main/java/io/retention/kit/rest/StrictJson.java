package io.retention.kit.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.retention.contract.StorableText;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies with a key twice are refused (400, "Duplicate field ..."), not read with the last one winning: the
 * sender meant one of the two, and which cannot be told. A text field a database cannot hold ({@link StorableText}) is
 * refused (400, naming the field) before anything is done with it.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new StorableStrings()));
    }

    /** A text field of a request body that cannot be stored. */
    public static final class UnstorableTextException extends JsonMappingException {
        UnstorableTextException(JsonParser parser, String problem) {
            super(parser, problem);
        }
    }

    private static final class StorableStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            String problem = text == null ? null : StorableText.problem(text);
            if (problem != null) {
                throw new UnstorableTextException(parser, problem);
            }
            return text;
        }
    }
}
