package org.captchaws.testing;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings beans (package {@code config}) filled the way MicroProfile Config fills them on
 * the servers: each {@link ConfigProperty} field from the given properties, else from its
 * default, an {@code Optional} empty when neither. For unit tests of the beans and of what is
 * built from them; the servers' own injection is what the integration tests run.
 */
public final class Configured {

    /** A row of README's configuration table: | `key` | default | meaning |. */
    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    private Configured() {
    }

    /** The settings with their defaults only. */
    public static <T> T defaults(Class<T> type) {
        return settings(type, Map.of());
    }

    public static <T> T settings(Class<T> type, Map<String, String> properties) {
        try {
            T bean = type.getDeclaredConstructor().newInstance();
            for (Field field : type.getDeclaredFields()) {
                ConfigProperty property = field.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    field.setAccessible(true);
                    field.set(bean, value(field, properties.getOrDefault(property.name(), defaultOf(property))));
                }
            }
            return bean;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot fill " + type, e);
        }
    }

    /**
     * Every setting of {@code type} named {@code captcha.*} has a row in README's configuration
     * table, and one with a default shows exactly that default (as {@code `value`}).
     */
    public static void assertDocumented(Class<?> type) {
        Map<String, String> documented = readmeDefaults();
        int checked = 0;
        for (Field field : type.getDeclaredFields()) {
            ConfigProperty property = field.getAnnotation(ConfigProperty.class);
            if (property == null || !property.name().startsWith("captcha.")) {
                continue;
            }
            assertTrue(documented.containsKey(property.name()), property.name() + " is not in README's table");
            String defaultValue = defaultOf(property);
            if (defaultValue != null) {
                assertEquals("`" + defaultValue + "`", documented.get(property.name()), property.name() + "'s default");
            }
            checked++;
        }
        assertTrue(checked > 0, "no captcha.* settings in " + type);
    }

    private static Map<String, String> readmeDefaults() {
        try {
            String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "README.md"));
            Map<String, String> defaults = new HashMap<>();
            Matcher row = README_ROW.matcher(readme);
            while (row.find()) {
                defaults.put(row.group(1), row.group(2).strip());
            }
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String defaultOf(ConfigProperty property) {
        return ConfigProperty.UNCONFIGURED_VALUE.equals(property.defaultValue()) ? null : property.defaultValue();
    }

    private static Object value(Field field, String text) {
        if (field.getType() == Optional.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            return Optional.ofNullable(text).map(t -> scalar(field, element, t));
        }
        if (text == null) {
            throw new IllegalArgumentException(field + " is required and has no default");
        }
        return scalar(field, field.getType(), text);
    }

    private static Object scalar(Field field, Class<?> type, String text) {
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(text.strip());
        }
        throw new IllegalArgumentException("no converter for " + field);
    }
}
