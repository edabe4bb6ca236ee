package io.connvo.meetings.gateway.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Enum values exactly as documented. Jackson's enum deserializer falls back to a trimmed lookup when a value
 * does not match (so {@code " 720p"}, {@code "720p\t"} were read as {@code 720p}) and may accept index strings;
 * every enum deserializer of the strict mapper is wrapped so that only the documented spelling passes.
 */
final class ExactEnumValues extends ValueDeserializerModifier {

    /** The names a client may send: each constant's {@code @JsonProperty} value, else its Java name. */
    static List<String> documented(Class<?> enumType) {
        return Arrays.stream(enumType.getFields()).filter(Field::isEnumConstant)
                .map(f -> Optional.ofNullable(f.getAnnotation(JsonProperty.class)).map(JsonProperty::value)
                        .orElse(f.getName()))
                .toList();
    }

    @Override
    public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                       BeanDescription.Supplier description,
                                                       ValueDeserializer<?> deserializer) {
        return new Exact(deserializer, type.getRawClass(), documented(type.getRawClass()));
    }

    private static final class Exact extends DelegatingDeserializer {

        private final Class<?> enumType;
        private final List<String> names;

        Exact(ValueDeserializer<?> delegate, Class<?> enumType, List<String> names) {
            super(delegate);
            this.enumType = enumType;
            this.names = names;
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Exact(delegate, enumType, names);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING && !names.contains(parser.getString())) {
                throw context.weirdStringException(parser.getString(), enumType, "not a documented value");
            }
            return super.deserialize(parser, context);
        }
    }
}
