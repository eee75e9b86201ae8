package org.omnikernel.http.internal.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The API's one JSON mapper (Jackson databind), strict on input: an unknown field, a duplicate
 * field, a value of the wrong type (no {@code "5"} for a number, no {@code 2.5} for an integer, no
 * {@code 7} for a string),
 * trailing content after the object, or malformed JSON are all refused with a {@link BadRequest}
 * that names the field and says what was expected. Output: records as objects, in component order.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Strings are strings: 7, 2.5 or true where text is expected is a mistake, not text.
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private StrictJson() {
    }

    /** @return the mapper, for writing */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param in   the request body
     * @param type the expected object
     * @return the object read
     * @throws BadRequest  saying what was wrong, and naming the field where one is at fault
     * @throws IOException when the body cannot be read at all
     */
    public static <T> T read(InputStream in, Class<T> type) throws BadRequest, IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() == null) {
                throw new BadRequest(null, "the body is empty; expected a JSON object");
            }
            T value = MAPPER.readValue(parser, type);
            if (parser.nextToken() != null) {
                throw new BadRequest(null, "trailing content after the JSON object at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequest(e.getPropertyName(), "unknown field \"" + e.getPropertyName() + "\"; known fields: "
                    + known(e.getKnownPropertyIds()));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new BadRequest(field.isEmpty() ? null : field, (field.isEmpty() ? "" : "field \"" + field + "\": ")
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new BadRequest(field.isEmpty() ? null : field, firstLine(e.getOriginalMessage()));
        } catch (StreamReadException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadRequest(null, "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new BadRequest(null, "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /**
     * @param value what to write
     * @return it as JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
