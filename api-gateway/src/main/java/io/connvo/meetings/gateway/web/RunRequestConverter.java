package io.connvo.meetings.gateway.web;

import io.connvo.meetings.api.error.MeetingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads {@link StrictBody} bodies (the routes' {@link RunRequest}s and the development token request), and only
 * those, with a strict mapper: unknown fields, duplicate keys,
 * trailing content, numbers for enums, enum values spelt otherwise than documented ({@link ExactEnumValues})
 * and any coercion between scalar types (a number for a string, a string for a boolean, a float for an
 * integer) are errors; the body must be well-formed UTF-8 ({@link StrictUtf8}) and may not exceed the
 * configured size.
 * Responses are written by Spring's own converter.
 */
class RunRequestConverter extends JacksonJsonHttpMessageConverter {

    private final long maxBodyBytes;

    RunRequestConverter(long maxBodyBytes) {
        super(strictMapper(maxBodyBytes));
        this.maxBodyBytes = maxBodyBytes;
    }

    static JsonMapper strictMapper(long maxBodyBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxBodyBytes)
                        .maxNestingDepth(32)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .addModule(new SimpleModule("exact-enum-values").setDeserializerModifier(new ExactEnumValues()))
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .build();
    }

    @Override
    public boolean canRead(ResolvableType type, MediaType mediaType) {
        return StrictBody.class.isAssignableFrom(type.toClass()) && super.canRead(type, mediaType);
    }

    @Override
    public boolean canWrite(ResolvableType type, Class<?> valueClass, MediaType mediaType) {
        return false;
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints) throws IOException {
        if (input.getHeaders().getContentLength() > maxBodyBytes) {
            throw BoundedBody.tooLarge(RequestErrors.BODY, maxBodyBytes);
        }
        MediaType contentType = input.getHeaders().getContentType();
        if (contentType != null && contentType.getCharset() != null
                && !StandardCharsets.UTF_8.equals(contentType.getCharset())) {
            throw MeetingException.validation("Content-Type", "Content-Type: JSON bodies are UTF-8, not "
                    + contentType.getCharset().name());
        }
        byte[] body;
        try (InputStream in = input.getBody()) {
            body = BoundedBody.read(RequestErrors.BODY, in, maxBodyBytes);
        }
        StrictUtf8.require(RequestErrors.BODY, body);
        return super.read(type, new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        }, hints);
    }
}
